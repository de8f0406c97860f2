package dev.strata.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the repository URLs and the ref out of each host's push payload. Only the fields this needs
 * are read, so payloads may carry anything else.
 */
final class PushPayloads {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Where each host puts the repository's URLs, as paths of object fields. */
  private static final List<List<String>> GITHUB_URLS =
      List.of(
          List.of("repository", "clone_url"),
          List.of("repository", "ssh_url"),
          List.of("repository", "html_url"),
          List.of("repository", "git_url"));

  private static final List<List<String>> GITLAB_URLS =
      List.of(
          List.of("project", "git_http_url"),
          List.of("project", "git_ssh_url"),
          List.of("project", "web_url"),
          // The deprecated "repository" object still comes with every push hook.
          List.of("repository", "git_http_url"),
          List.of("repository", "git_ssh_url"),
          List.of("repository", "homepage"));

  private static final List<List<String>> GITEA_URLS =
      List.of(
          List.of("repository", "clone_url"),
          List.of("repository", "ssh_url"),
          List.of("repository", "html_url"));

  private PushPayloads() {}

  /**
   * Reads a push payload of the given receiver type.
   *
   * @throws InvalidPayload when the body is not JSON, or a host's payload lacks the ref or every
   *     repository URL
   */
  static PushEvent parse(ReceiverType type, byte[] body) throws InvalidPayload {
    if (type == ReceiverType.GENERIC) {
      return generic(body);
    }
    JsonNode root = read(body);
    List<List<String>> urlFields =
        switch (type) {
          case GITHUB -> GITHUB_URLS;
          case GITLAB -> GITLAB_URLS;
          case GITEA, FORGEJO -> GITEA_URLS;
          case GENERIC -> throw new IllegalStateException("handled above");
        };
    List<String> urls = texts(root, urlFields);
    if (urls.isEmpty()) {
      throw new InvalidPayload("the payload names no repository URL");
    }
    String ref = text(root, List.of("ref"));
    if (ref == null || !ref.startsWith("refs/")) {
      throw new InvalidPayload(
          "the payload has no full ref name (refs/heads/... or refs/tags/...)");
    }
    // GitHub and Gitea say "after"; GitLab says "checkout_sha" (null when a branch is deleted).
    String commit = text(root, List.of("after"));
    if (commit == null) {
      commit = text(root, List.of("checkout_sha"));
    }
    return new PushEvent(urls, ref, commit);
  }

  /**
   * An empty body, or {@code {"repository": URL, "ref": "refs/heads/main"}} with either field
   * optional; what is left out matches everything in the receiver's scope.
   */
  private static PushEvent generic(byte[] body) throws InvalidPayload {
    if (isBlank(body)) {
      return new PushEvent(List.of(), null, null);
    }
    JsonNode root = read(body);
    if (!root.isObject()) {
      throw new InvalidPayload("the body must be a JSON object or empty");
    }
    String repository = text(root, List.of("repository"));
    String ref = text(root, List.of("ref"));
    if (ref != null
        && !ref.startsWith(PushEvent.BRANCH_PREFIX)
        && !ref.startsWith(PushEvent.TAG_PREFIX)) {
      throw new InvalidPayload("ref must be refs/heads/<branch> or refs/tags/<tag>");
    }
    if (repository != null && GitUrls.key(repository).isEmpty()) {
      throw new InvalidPayload("repository is not a Git URL");
    }
    return new PushEvent(repository == null ? List.of() : List.of(repository), ref, null);
  }

  private static JsonNode read(byte[] body) throws InvalidPayload {
    try {
      JsonNode root = JSON.readTree(body);
      if (root == null || root.isMissingNode()) {
        throw new InvalidPayload("the body is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new InvalidPayload("the body is not JSON");
    } catch (IOException e) {
      throw new InvalidPayload("the body cannot be read");
    }
  }

  private static List<String> texts(JsonNode root, List<List<String>> paths) {
    Set<String> found = new LinkedHashSet<>();
    for (List<String> path : paths) {
      String value = text(root, path);
      if (value != null && !value.isBlank()) {
        found.add(value);
      }
    }
    return new ArrayList<>(found);
  }

  private static String text(JsonNode root, List<String> path) {
    JsonNode node = root;
    for (String field : path) {
      node = node.path(field);
    }
    return node.isTextual() ? node.asText() : null;
  }

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return true;
  }

  /** Says that a signed body is not a push payload this receiver type understands. */
  static final class InvalidPayload extends Exception {
    InvalidPayload(String message) {
      super(message);
    }
  }
}
