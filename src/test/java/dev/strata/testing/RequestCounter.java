package dev.strata.testing;

import dev.strata.localcluster.LocalControlPlane;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
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
 * no write and that waiting does not poll.
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
      var config = Config.fromKubeconfig(Files.readString(controlPlane.kubeconfig()));
      // fabric8 retries 5xx answers with back-off, and the API server answers 500 to a
      // server-side apply of a field a built-in kind does not have: keep such errors quick.
      config.setRequestRetryBackoffLimit(1);
      return new KubernetesClientBuilder()
          .withConfig(config)
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
