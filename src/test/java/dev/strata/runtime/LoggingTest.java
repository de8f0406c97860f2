package dev.strata.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The two log formats as a log collector and a person see them on standard output. */
class LoggingTest {

  private final PrintStream originalOut = System.out;

  @AfterEach
  void restore() {
    System.setOut(originalOut);
    Logging.configure(Logging.Format.TEXT, "info");
  }

  @Test
  void jsonFormatWritesOneObjectPerLine() throws Exception {
    String output = capture(Logging.Format.JSON, "info");

    JsonNode line = new ObjectMapper().readTree(output.lines().findFirst().orElseThrow());
    assertThat(line.get("message").asText()).isEqualTo("reconciled layer base");
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("logger_name").asText()).isEqualTo("dev.strata.test");
    assertThat(line.has("time")).isTrue();
    assertThat(line.fieldNames()).toIterable().noneMatch(name -> name.startsWith("STRATA_"));
  }

  @Test
  void textFormatIsReadableAndLevelFilters() {
    String output = capture(Logging.Format.TEXT, "warn");

    assertThat(output).isEmpty(); // the INFO line is below WARN
    assertThat(capture(Logging.Format.TEXT, "debug"))
        .contains("INFO")
        .contains("reconciled layer base");
  }

  @Test
  void commandsOtherThanTheOperatorLogToStandardErrorNotIntoTheirOutput() throws Exception {
    var out = new ByteArrayOutputStream();
    var err = new ByteArrayOutputStream();
    PrintStream originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      // What logback does on its own when nothing configures it, as in `strata diff`.
      var context = (LoggerContext) LoggerFactory.getILoggerFactory();
      context.reset();
      var configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(Logging.class.getResource("/logback.xml"));
      LoggerFactory.getLogger("dev.strata.test").info("applied layer {}", "base");
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }

    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("INFO", "applied layer base");
  }

  private String capture(Logging.Format format, String level) {
    var buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    Logging.configure(format, level);
    LoggerFactory.getLogger("dev.strata.test").info("reconciled layer {}", "base");
    System.setOut(originalOut);
    return buffer.toString(StandardCharsets.UTF_8);
  }
}
