package dev.strata.testing;

import dev.strata.localcluster.LocalControlPlane;
import dev.strata.runtime.KubernetesClients;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Counts the requests a client sends, so tests and benchmarks can show that unchanged objects cost
 * no write, that waiting does not poll and that a request that cannot succeed is sent once.
 */
public final class RequestCounter implements Interceptor {

  private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

  /** One request: its method and URI. */
  public record Sent(String method, String uri) {
    public boolean isDryRun() {
      return uri.contains("dryRun=All");
    }

    /** A request that changes stored state: a write that is not a dry-run. */
    public boolean isWrite() {
      return WRITE_METHODS.contains(method) && !isDryRun();
    }
  }

  private final List<Sent> sent = new CopyOnWriteArrayList<>();

  /** A new admin client for the control plane whose requests this counter sees. */
  public KubernetesClient newClient(LocalControlPlane controlPlane) {
    try {
      // Configured as the operator's client is.
      return KubernetesClients.builder(
              Config.fromKubeconfig(Files.readString(controlPlane.kubeconfig())))
          .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("strata-counter", this))
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    sent.add(new Sent(request.method(), request.uri().toString()));
  }

  public List<Sent> sent() {
    return List.copyOf(sent);
  }

  public List<Sent> writes() {
    return sent.stream().filter(Sent::isWrite).toList();
  }

  public long dryRuns() {
    return sent.stream().filter(Sent::isDryRun).count();
  }

  public void reset() {
    sent.clear();
  }
}
