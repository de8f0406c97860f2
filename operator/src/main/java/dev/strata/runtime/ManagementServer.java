package dev.strata.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strata.webhook.HttpServerLimits;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Serves /healthz (the process answers), /readyz (the operator is started and its watches are
 * healthy) and /metrics (Prometheus text) on one port.
 *
 * <p>The JDK's HTTP server is enough for three read-only endpoints and adds no dependency.
 */
public final class ManagementServer implements AutoCloseable {

  private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  public ManagementServer(
      int port, Supplier<StrataOperator.Readiness> readiness, PrometheusMeterRegistry registry)
      throws IOException {
    HttpServerLimits.install();
    server = HttpServer.create(new InetSocketAddress(port), 0);
    executor =
        Executors.newFixedThreadPool(
            2,
            task -> {
              var thread = new Thread(task, "management-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/healthz", exchange -> respond(exchange, 200, "text/plain", "ok\n"));
    server.createContext(
        "/readyz",
        exchange -> {
          var report = readiness.get();
          String body = String.join("\n", report.details()) + "\n";
          respond(
              exchange,
              report.ready() ? 200 : 503,
              "text/plain",
              (report.ready() ? "ok\n" : "not ready\n") + body);
        });
    server.createContext(
        "/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, registry.scrape()));
  }

  public void start() {
    server.start();
  }

  /** The port actually bound (useful when 0 was asked for). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String contentType, String body)
      throws IOException {
    try (exchange) {
      if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", contentType);
      if ("HEAD".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
