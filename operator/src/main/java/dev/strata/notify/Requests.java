package dev.strata.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.strata.api.GitSource;
import dev.strata.api.Revision;
import dev.strata.webhook.GitUrls;
import dev.strata.webhook.Signatures;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the HTTP request each provider's API documents for a notification: the generic event
 * (Flux's shape, {@code X-Signature: sha256=<hmac>} when keyed), Slack's attachments (Discord gets
 * the same at {@code <url>/slack}), and commit statuses on GitHub, Gitea/Forgejo and GitLab.
 */
final class Requests {

  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final String USER_AGENT = "strata-notifications";
  static final String CONTROLLER = "strata.dev/notifications";

  /** GitHub's limit on a status description; the others take longer ones. */
  private static final int MAX_DESCRIPTION = 140;

  private static final ObjectMapper JSON = new ObjectMapper();

  private Requests() {}

  /**
   * The request for {@code notification}, or empty when this provider has nothing to say about it
   * (a commit status for drift, or without a revision).
   *
   * @param repositoryUrl the GitSource's URL, for commit statuses without an address; may be null
   * @throws IllegalArgumentException when an address cannot be used; the message names the field
   */
  static Optional<HttpRequest> build(
      Providers.Provider provider, Notification notification, String repositoryUrl) {
    ProviderSpec spec = provider.spec();
    return switch (spec.type()) {
      case GENERIC -> Optional.of(generic(provider, notification));
      case SLACK -> Optional.of(slack(provider, notification, webhookUrl(provider)));
      case DISCORD -> Optional.of(slack(provider, notification, discordUrl(webhookUrl(provider))));
      case GITHUB, GITEA, FORGEJO, GITLAB -> commitStatus(provider, notification, repositoryUrl);
    };
  }

  // Messages.

  private static HttpRequest generic(Providers.Provider provider, Notification notification) {
    Map<String, Object> involved = new LinkedHashMap<>();
    involved.put("apiVersion", GitSource.GROUP + "/" + GitSource.VERSION);
    involved.put("kind", notification.kind());
    involved.put("namespace", notification.namespace());
    involved.put("name", notification.name());
    if (notification.uid() != null) {
      involved.put("uid", notification.uid());
    }
    Map<String, Object> event = new LinkedHashMap<>();
    event.put("involvedObject", involved);
    event.put("severity", notification.type().severity());
    event.put("timestamp", notification.timestamp().toString());
    event.put("message", notification.message());
    event.put("reason", notification.reason());
    event.put("metadata", metadata(notification));
    event.put("reportingController", CONTROLLER);
    byte[] body = json(event);
    var request = post(checkedUri(provider.spec(), provider.spec().address(), "address"), body);
    request.header("gotk-component", CONTROLLER);
    if (provider.secret() != null) {
      request.header(
          "X-Signature",
          Signatures.sha256Header(provider.secret().getBytes(StandardCharsets.UTF_8), body));
    }
    return request.build();
  }

  private static HttpRequest slack(
      Providers.Provider provider, Notification notification, URI url) {
    ProviderSpec spec = provider.spec();
    List<Map<String, Object>> fields = new ArrayList<>();
    metadata(notification)
        .forEach(
            (title, value) -> {
              Map<String, Object> field = new LinkedHashMap<>();
              field.put("title", title);
              field.put("value", value);
              field.put("short", false);
              fields.add(field);
            });
    Map<String, Object> attachment = new LinkedHashMap<>();
    attachment.put("color", "error".equals(notification.type().severity()) ? "danger" : "good");
    attachment.put(
        "author_name",
        notification.kind().toLowerCase(Locale.ROOT)
            + "/"
            + notification.name()
            + "."
            + notification.namespace());
    attachment.put("text", notification.message());
    attachment.put("mrkdwn_in", List.of("text"));
    attachment.put("fields", fields);
    Map<String, Object> payload = new LinkedHashMap<>();
    if (spec.channel() != null) {
      payload.put("channel", spec.channel());
    }
    payload.put("username", spec.username() != null ? spec.username() : "strata");
    payload.put("attachments", List.of(attachment));
    return post(url, json(payload)).build();
  }

  /** What a person wants next to the message: the revision, layer, reason and event. */
  private static Map<String, String> metadata(Notification notification) {
    Map<String, String> metadata = new LinkedHashMap<>();
    if (notification.revision() != null) {
      metadata.put("revision", notification.revision());
    }
    if (notification.layer() != null) {
      metadata.put("layer", notification.layer());
    }
    metadata.put("reason", notification.reason());
    metadata.put("event", notification.type().configName());
    return metadata;
  }

  private static URI webhookUrl(Providers.Provider provider) {
    // The Secret wins: a Slack or Discord webhook URL is itself the credential.
    String url = provider.secret() != null ? provider.secret() : provider.spec().address();
    return checkedUri(provider.spec(), url, provider.secret() != null ? "the Secret" : "address");
  }

  /** Discord accepts Slack's payload at the webhook URL plus {@code /slack}. */
  private static URI discordUrl(URI webhook) {
    String text = webhook.toString();
    return text.endsWith("/slack") ? webhook : URI.create(text.replaceAll("/+$", "") + "/slack");
  }

  // Commit statuses.

  private static Optional<HttpRequest> commitStatus(
      Providers.Provider provider, Notification notification, String repositoryUrl) {
    String state = state(provider.spec().type(), notification.type());
    if (state == null || notification.revision() == null) {
      return Optional.empty();
    }
    ProviderSpec spec = provider.spec();
    String commit = Revision.parse(notification.revision()).commit();
    String repository = spec.address() != null ? spec.address() : repositoryUrl;
    String key =
        GitUrls.key(repository)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "provider "
                            + spec.name()
                            + ": cannot tell the repository from "
                            + (spec.address() != null
                                ? "address"
                                : "GitSource " + notification.source() + "'s URL")));
    int slash = key.indexOf('/');
    String host = key.substring(0, slash);
    String path = key.substring(slash + 1);
    String description = notification.message();
    if (description.length() > MAX_DESCRIPTION) {
      description = description.substring(0, MAX_DESCRIPTION - 3) + "...";
    }
    String context = "strata/" + notification.namespace() + "/" + notification.name();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("state", state);
    body.put(spec.type() == ProviderType.GITLAB ? "name" : "context", context);
    body.put("description", description);
    String base;
    String endpoint;
    String authorization;
    String authorizationValue;
    switch (spec.type()) {
      case GITHUB -> {
        base = "github.com".equals(host) ? "https://api.github.com" : "https://" + host + "/api/v3";
        endpoint = "/repos/" + ownerAndRepository(spec, path) + "/statuses/" + commit;
        authorization = "Authorization";
        authorizationValue = "Bearer " + provider.secret();
      }
      case GITEA, FORGEJO -> {
        base = "https://" + host;
        endpoint = "/api/v1/repos/" + ownerAndRepository(spec, path) + "/statuses/" + commit;
        authorization = "Authorization";
        authorizationValue = "token " + provider.secret();
      }
      case GITLAB -> {
        base = "https://" + host;
        endpoint =
            "/api/v4/projects/"
                + URLEncoder.encode(path, StandardCharsets.UTF_8)
                + "/statuses/"
                + commit;
        authorization = "PRIVATE-TOKEN";
        authorizationValue = provider.secret();
      }
      default -> throw new IllegalStateException("not a commit status provider: " + spec.type());
    }
    if (spec.apiUrl() != null) {
      base = spec.apiUrl().replaceAll("/+$", "");
    }
    var request = post(checkedUri(spec, base + endpoint, "apiUrl"), json(body));
    request.header(authorization, authorizationValue);
    if (spec.type() == ProviderType.GITHUB) {
      request.header("Accept", "application/vnd.github+json");
      request.header("X-GitHub-Api-Version", "2022-11-28");
    }
    return Optional.of(request.build());
  }

  /** The state each host's API documents, or null when the event sets none. */
  private static String state(ProviderType type, EventType event) {
    return switch (event) {
      case PROGRESSING -> "pending";
      case SUCCEEDED, RECOVERED -> "success";
      case FAILED, ROLLED_BACK -> type == ProviderType.GITLAB ? "failed" : "failure";
      case DRIFT_HEALED, SOURCE_FAILED -> null;
    };
  }

  private static String ownerAndRepository(ProviderSpec spec, String path) {
    if (path.split("/").length != 2) {
      throw new IllegalArgumentException(
          "provider " + spec.name() + ": repository path '" + path + "' is not owner/repository");
    }
    return path;
  }

  // HTTP.

  private static HttpRequest.Builder post(URI uri, byte[] body) {
    return HttpRequest.newBuilder(uri)
        .timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
  }

  /**
   * {@code url} as a URI: https, or http to a loopback address (tests, a sidecar) or with {@code
   * allowHttp}, so that a token is not sent in clear text by mistake. The message never holds the
   * URL, which may be the credential.
   */
  static URI checkedUri(ProviderSpec spec, String url, String field) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "provider " + spec.name() + ": " + field + " is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      throw new IllegalArgumentException(
          "provider " + spec.name() + ": " + field + " must be an https:// URL");
    }
    if (scheme.equals("http") && !spec.allowHttp() && !loopback(uri.getHost())) {
      throw new IllegalArgumentException(
          "provider "
              + spec.name()
              + ": "
              + field
              + " is plain http to "
              + uri.getHost()
              + "; use https, or set allowHttp: true");
    }
    return uri;
  }

  private static boolean loopback(String host) {
    return host.equals("localhost")
        || host.startsWith("127.")
        || host.equals("[::1]")
        || host.equals("::1");
  }

  private static byte[] json(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a notification as JSON", e);
    }
  }
}
