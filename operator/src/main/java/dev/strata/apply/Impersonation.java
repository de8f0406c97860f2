package dev.strata.apply;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.RequestConfigBuilder;
import java.util.regex.Pattern;

/**
 * Derives clients that act as a service account through Kubernetes impersonation, so the API server
 * authorizes each request with that account's RBAC and a missing right is a Forbidden error on the
 * object concerned.
 */
public final class Impersonation {

  /** A DNS-1123 label, what namespace names are. */
  private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  /** A DNS-1123 subdomain, what service account names are. */
  private static final Pattern SERVICE_ACCOUNT =
      Pattern.compile(
          "(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  private Impersonation() {}

  /**
   * A client that shares {@code client}'s connections and credentials and acts as the service
   * account. The API server adds the account's groups; the caller's credentials need the right to
   * impersonate it. Closing the returned client closes the shared connections too: close only
   * {@code client}.
   *
   * @throws IllegalArgumentException when a name is not a valid namespace or account name
   */
  public static KubernetesClient asServiceAccount(
      KubernetesClient client, String namespace, String serviceAccount) {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException(
          "cannot impersonate service account '"
              + serviceAccount
              + "': namespace '"
              + namespace
              + "' is not a valid namespace name");
    }
    if (serviceAccount == null || !SERVICE_ACCOUNT.matcher(serviceAccount).matches()) {
      throw new IllegalArgumentException(
          "cannot impersonate service account '"
              + serviceAccount
              + "' in namespace "
              + namespace
              + ": not a valid service account name");
    }
    var requestConfig =
        new RequestConfigBuilder(Requests.requestConfig(client))
            .withImpersonateUsername(username(namespace, serviceAccount))
            .withImpersonateGroups()
            .build();
    return client.newClient(requestConfig).adapt(KubernetesClient.class);
  }

  /** The user name Kubernetes gives a service account: {@code system:serviceaccount:NS:NAME}. */
  public static String username(String namespace, String serviceAccount) {
    return "system:serviceaccount:" + namespace + ":" + serviceAccount;
  }
}
