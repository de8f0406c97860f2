package dev.strata.health;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.strata.api.HealthCheckExpression;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Custom health checks: CEL expressions per kind, as Flux's Kustomization {@code
 * spec.healthCheckExprs}, evaluated as Flux's {@code fluxcd/pkg/runtime/cel} StatusEvaluator does
 * (RFC 0009): an object whose {@code status.observedGeneration} differs from its {@code
 * metadata.generation} is InProgress; else {@code inProgress}, then {@code failed}, then {@code
 * current} are evaluated and the first that is true decides; none true means InProgress. An
 * evaluation error (e.g. a field not there yet) is InProgress with the error, so the wait goes on
 * until the timeout, as in Flux.
 *
 * <p>The environment is Flux's: optional types ({@code status.?conditions.orValue([])}), the
 * strings, sets and encoders extensions. The object's top-level fields are variables, as in Flux
 * ({@code status.conditions…}); {@code self} is the whole object too. Expressions are compiled
 * (type-checked with those variables as dynamic) when the spec is read, so a typo is an error
 * naming the entry before anything is applied.
 */
public final class HealthExpressions {

  /** No custom checks: every kind uses {@link HealthRules}. */
  public static final HealthExpressions NONE = new HealthExpressions(Map.of());

  /** The variables an expression may name; an object's other top-level fields are not bound. */
  private static final List<String> VARIABLES =
      List.of(
          "self", "apiVersion", "kind", "metadata", "spec", "status", "data", "stringData", "type");

  /**
   * Holds the CEL environment, built on first use: a LayeredKustomization without healthCheckExprs
   * never loads CEL's runtime (tens of MiB of classes and descriptors).
   */
  private static final class Environment {
    static final Cel CEL = environment();
  }

  private final Map<String, Evaluator> byGroupKind;

  private HealthExpressions(Map<String, Evaluator> byGroupKind) {
    this.byGroupKind = byGroupKind;
  }

  /** An expression that does not compile, named by its field path. */
  public static final class InvalidExpression extends Exception {
    InvalidExpression(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * Compiles {@code spec.healthCheckExprs}.
   *
   * @throws InvalidExpression naming the entry ({@code spec.healthCheckExprs[1].failed}) and the
   *     CEL error
   */
  public static HealthExpressions compile(List<HealthCheckExpression> entries)
      throws InvalidExpression {
    if (entries == null || entries.isEmpty()) {
      return NONE;
    }
    Map<String, Evaluator> byGroupKind = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      HealthCheckExpression entry = entries.get(i);
      String field = "spec.healthCheckExprs[" + i + "]";
      if (entry.getApiVersion() == null || entry.getKind() == null) {
        throw new InvalidExpression(field + ": apiVersion and kind are required");
      }
      if (entry.getCurrent() == null || entry.getCurrent().isBlank()) {
        throw new InvalidExpression(field + ".current is required");
      }
      String key = groupKind(entry.getApiVersion(), entry.getKind());
      if (byGroupKind.containsKey(key)) {
        throw new InvalidExpression(
            field + ": a second entry for " + entry.getKind() + " in " + entry.getApiVersion());
      }
      byGroupKind.put(
          key,
          new Evaluator(
              program(field + ".inProgress", entry.getInProgress()),
              program(field + ".failed", entry.getFailed()),
              program(field + ".current", entry.getCurrent())));
    }
    return new HealthExpressions(byGroupKind);
  }

  /** The health by the expressions for the object's kind, or empty when none are given for it. */
  public Optional<Health> evaluate(Map<String, Object> object) {
    if (byGroupKind.isEmpty()) {
      return Optional.empty();
    }
    Evaluator evaluator =
        byGroupKind.get(
            groupKind(
                String.valueOf(object.getOrDefault("apiVersion", "")),
                String.valueOf(object.getOrDefault("kind", ""))));
    return evaluator == null ? Optional.empty() : Optional.of(evaluator.evaluate(object));
  }

  /** "group/Kind" ("Kind" for the core group): Flux matches kinds by group, not version. */
  private static String groupKind(String apiVersion, String kind) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? kind : apiVersion.substring(0, slash) + "/" + kind;
  }

  private static Named program(String field, String expression) throws InvalidExpression {
    if (expression == null || expression.isBlank()) {
      return null;
    }
    try {
      Cel cel = Environment.CEL;
      return new Named(field, cel.createProgram(cel.compile(expression).getAst()));
    } catch (CelValidationException e) {
      throw new InvalidExpression(field + ": " + e.getMessage().strip());
    } catch (CelEvaluationException e) {
      throw new InvalidExpression(field + ": " + e.getMessage());
    }
  }

  private record Named(String field, CelRuntime.Program program) {}

  private record Evaluator(Named inProgress, Named failed, Named current) {

    Health evaluate(Map<String, Object> object) {
      var o = new ObjectView(object);
      try {
        Health unobserved = HealthRules.unobservedGeneration(o);
        if (unobserved != null) {
          return unobserved;
        }
      } catch (ObjectView.MalformedField e) {
        return new Health(HealthStatus.UNKNOWN, "cannot read status: " + e.getMessage());
      }
      Map<String, Object> variables = variables(object);
      for (Named named : new Named[] {inProgress, failed, current}) {
        if (named == null) {
          continue;
        }
        Object result;
        try {
          result = named.program().eval(variables);
        } catch (CelEvaluationException | RuntimeException e) {
          // As in Flux, the wait goes on: the object may not have the fields yet.
          return Health.inProgress(named.field() + " cannot be evaluated yet: " + e.getMessage());
        }
        if (!(result instanceof Boolean)) {
          return Health.inProgress(named.field() + " gave " + result + ", not a boolean");
        }
        if ((Boolean) result) {
          if (named == inProgress) {
            return Health.inProgress(named.field() + " is true");
          }
          return named == failed
              ? Health.failed(named.field() + " is true")
              : Health.current(named.field() + " is true");
        }
      }
      return Health.inProgress("none of the expressions is true yet");
    }
  }

  /** The object's top-level fields and self, with numbers as CEL's int and double. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> variables(Map<String, Object> object) {
    Map<String, Object> self = (Map<String, Object>) celValue(object);
    Map<String, Object> variables = new HashMap<>();
    for (String name : VARIABLES) {
      // Unset fields are empty maps, so that has(status.x) and status.?x work on a new object.
      variables.put(name, self.getOrDefault(name, Map.of()));
    }
    variables.put("self", self);
    return variables;
  }

  private static Object celValue(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> converted = new LinkedHashMap<>();
      map.forEach((k, v) -> converted.put(String.valueOf(k), celValue(v)));
      return converted;
    }
    if (value instanceof List<?> list) {
      List<Object> converted = new ArrayList<>(list.size());
      list.forEach(item -> converted.add(celValue(item)));
      return converted;
    }
    if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof java.math.BigInteger big) {
      return big.longValue();
    }
    if (value instanceof Float || value instanceof java.math.BigDecimal) {
      return ((Number) value).doubleValue();
    }
    return value == null ? dev.cel.common.values.NullValue.NULL_VALUE : value;
  }

  private static Cel environment() {
    CelOptions options = CelOptions.current().build();
    var builder =
        CelFactory.standardCelBuilder()
            .setOptions(options)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .setResultType(SimpleType.BOOL)
            .addCompilerLibraries(
                CelExtensions.optional(),
                CelExtensions.strings(),
                CelExtensions.sets(options),
                CelExtensions.encoders())
            .addRuntimeLibraries(
                CelExtensions.optional(),
                CelExtensions.strings(),
                CelExtensions.sets(options),
                CelExtensions.encoders());
    VARIABLES.forEach(name -> builder.addVar(name, SimpleType.DYN));
    return builder.build();
  }
}
