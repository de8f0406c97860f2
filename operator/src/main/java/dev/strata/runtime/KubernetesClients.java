package dev.strata.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Builds the operator's Kubernetes client, and the CLI's, the one way: every client that applies
 * layers must see the API server's answers as they come and must not hide them behind retries.
 *
 * <ul>
 *   <li><b>HTTP/1.1.</b> The API server answers a body above its limit (3 MiB by default) with 413
 *       at once and stops reading it. JDK 17's HTTP/2 client reads no answer before it has sent the
 *       whole body, so such a request sat until the request timeout, then was retried as an I/O
 *       error; over HTTP/1.1 the 413 arrives in a fraction of a second. Watches use WebSockets,
 *       which are HTTP/1.1 anyway; other requests are short and pooled.
 *   <li><b>Request timeout 30 s</b>, fabric8's default being 10 s: an admission webhook may take up
 *       to 30 s, and a layer's own timeout bounds the whole apply.
 *   <li><b>Few blind retries.</b> fabric8 retries every 429 and 5xx answer and every I/O error,
 *       with back-off (by default 10 times, about 19 s). The applier turns them off on its requests
 *       and retries only what can succeed, within the layer's timeout ({@code
 *       dev.strata.apply.Retries}). For the operator's own requests (status, Events, inventory,
 *       discovery, informers' lists), where a 5xx is almost always transient, 3 retries remain:
 *       under 2 s.
 * </ul>
 */
public final class KubernetesClients {

  /** fabric8's default is 10 s; admission webhooks may take up to 30 s. */
  static final int REQUEST_TIMEOUT_MILLIS = 30_000;

  static final int RETRY_LIMIT = 3;
  static final int RETRY_INTERVAL_MILLIS = 250;

  private KubernetesClients() {}

  /** A client from the kubeconfig, in-cluster service account or environment, as kubectl finds. */
  public static KubernetesClient fromEnvironment() {
    return builder(Config.autoConfigure(null)).build();
  }

  /** A client for {@code config}, configured as described above. */
  public static KubernetesClient of(Config config) {
    return builder(config).build();
  }

  /** A builder configured as described above, for callers that add interceptors. */
  public static KubernetesClientBuilder builder(Config config) {
    return new KubernetesClientBuilder().withConfig(configure(config));
  }

  /** Sets the protocol, request timeout and retries described above on {@code config}. */
  public static Config configure(Config config) {
    config.setHttp2Disable(true);
    config.setRequestTimeout(REQUEST_TIMEOUT_MILLIS);
    config.setRequestRetryBackoffLimit(RETRY_LIMIT);
    config.setRequestRetryBackoffInterval(RETRY_INTERVAL_MILLIS);
    return config;
  }
}
