package dev.strata.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import org.slf4j.LoggerFactory;

/**
 * Configures Logback from logback.xml with the format and level chosen on the command line: JSON
 * lines (for log collectors) or plain text (for people).
 */
public final class Logging {

  /** The output format of log lines. */
  public enum Format {
    JSON,
    TEXT
  }

  private Logging() {}

  /**
   * Re-reads logback.xml with the given format and root level, logging to standard output: the
   * operator's logs are its output. Without this call (every other command) logs go to standard
   * error.
   */
  public static void configure(Format format, String level) {
    var context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    context.putProperty("STRATA_LOG_APPENDER", format.name());
    context.putProperty("STRATA_LOG_LEVEL", Level.toLevel(level, Level.INFO).toString());
    context.putProperty("STRATA_LOG_TARGET", "System.out");
    var configurator = new JoranConfigurator();
    configurator.setContext(context);
    try {
      configurator.doConfigure(Logging.class.getResource("/logback.xml"));
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging from logback.xml", e);
    }
  }
}
