package dev.strata.webhook;

import java.time.Duration;

/**
 * Bounds what one HTTP client can hold in the JDK's HTTP server, which serves the webhook receivers
 * and the management endpoints: a request (headers and body) must arrive within {@link
 * #REQUEST_DEADLINE} or its connection is closed, and the number of open connections is capped.
 */
public final class HttpServerLimits {

  // Without these, four connections that send headers and 3 bytes of a promised 1,000-byte body
  // held every worker thread for minutes, and real deliveries timed out. The JDK reads the limits
  // from system properties once, when its first server is made, so every server of this process
  // (the test suite's Git HTTP peer too) calls install() before it is created. Responses are not
  // bounded: a client on a slow link may take long to read one.

  /** How long a client may take to send a whole request. */
  public static final Duration REQUEST_DEADLINE = Duration.ofSeconds(10);

  /** Connections open at once, per server. */
  public static final int MAX_CONNECTIONS = 256;

  private HttpServerLimits() {}

  /** Sets the limits unless the process was started with its own. */
  public static void install() {
    setIfAbsent("sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_DEADLINE.toSeconds()));
    setIfAbsent("sun.net.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS));
  }

  private static void setIfAbsent(String property, String value) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, value);
    }
  }
}
