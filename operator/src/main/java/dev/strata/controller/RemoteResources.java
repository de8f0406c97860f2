package dev.strata.controller;

import dev.strata.api.Durations;
import dev.strata.api.GitSource;
import dev.strata.api.LayeredKustomization;
import dev.strata.api.ResourceKey;
import dev.strata.render.FetchingRemoteLoader;
import dev.strata.render.RemoteLoader;
import dev.strata.render.RenderException;
import dev.strata.source.Bytes;
import dev.strata.source.FetchMode;
import dev.strata.source.FetchRequest;
import dev.strata.source.GitFetcher;
import dev.strata.source.HttpFiles;
import dev.strata.source.ObjectStore;
import dev.strata.source.RemoteCredentials;
import dev.strata.source.SourceFailure;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives each render the remote resources its LayeredKustomization may load. None when the operator
 * runs with --no-remote-resources or the resource sets spec.remoteResources: false (the
 * multi-tenant lockdown). Otherwise they are fetched into the object store, with the GitSource's
 * Secret for remotes on the GitSource's own origin and anonymously elsewhere, and with the
 * GitSource's stall timeout unless the URL sets its own.
 */
public final class RemoteResources {

  private static final Logger log = LoggerFactory.getLogger(RemoteResources.class);

  private final boolean allowed;
  private final ObjectStore store;
  private final GitFetcher fetcher;
  private final HttpFiles http;
  private final KubernetesClient client;

  /** Per LayeredKustomization: the remotes on moving refs its last renders used, and commits. */
  private final Map<String, Map<String, FetchingRemoteLoader.Fetched>> used =
      new ConcurrentHashMap<>();

  /**
   * @param allowed false for --no-remote-resources: every remote is refused
   */
  public RemoteResources(boolean allowed, ObjectStore store, KubernetesClient client) {
    this(allowed, store, new GitFetcher(store), new HttpFiles(), client);
  }

  RemoteResources(
      boolean allowed,
      ObjectStore store,
      GitFetcher fetcher,
      HttpFiles http,
      KubernetesClient client) {
    this.allowed = allowed;
    this.store = store;
    this.fetcher = fetcher;
    this.http = http;
    this.client = client;
  }

  /** Starts a run of {@code lk}'s layers: what earlier runs used is forgotten. */
  void startRun(LayeredKustomization lk) {
    used.put(key(lk), new ConcurrentHashMap<>());
  }

  void forget(LayeredKustomization lk) {
    used.remove(key(lk));
  }

  /**
   * Whether {@code lk} must run again although its source's revision did not change: a remote base
   * that its last run read from a branch, tag or HEAD now resolves to another commit. Right after a
   * restart, when what the remote held at the last run is not known, any such remote counts.
   */
  boolean moved(LayeredKustomization lk, GitSource source, boolean sinceRestart) {
    return sinceRestart ? usesMovingRemotes(lk) : moved(lk, source);
  }

  /**
   * Whether the remotes {@code lk}'s last run read from a branch, tag or HEAD (not a pinned commit)
   * now resolve to other commits, as Flux would notice by building again on its interval. One look
   * at each remote's refs; a moved remote is fetched now, so the run that follows reads it from the
   * store. A remote that cannot be reached counts as unchanged.
   */
  private boolean moved(LayeredKustomization lk, GitSource source) {
    Map<String, FetchingRemoteLoader.Fetched> last = used.getOrDefault(key(lk), Map.of());
    if (last.isEmpty()) {
      return false;
    }
    try (var loader = fetching(lk, source, true)) {
      for (var fetched : last.values()) {
        try {
          String now = loader.repository(fetched.spec()).commit();
          if (!now.equals(fetched.result().commit())) {
            log.info(
                "{}: remote {} moved from {} to {}; applying again",
                key(lk),
                fetched.spec().raw(),
                fetched.result().commit(),
                now);
            return true;
          }
        } catch (RenderException | IOException e) {
          log.warn("{}: cannot check remote {}: {}", key(lk), fetched.spec().raw(), e.getMessage());
        }
      }
    }
    return false;
  }

  /** Whether {@code lk}'s last run read any remote on a moving ref. */
  private boolean usesMovingRemotes(LayeredKustomization lk) {
    return !used.getOrDefault(key(lk), Map.of()).isEmpty();
  }

  /** The loader for one render of {@code lk}'s layers from {@code source}; close it after. */
  public RemoteLoader loaderFor(LayeredKustomization lk, GitSource source) {
    if (!allowed) {
      return RemoteLoader.refusing("this operator runs with --no-remote-resources");
    }
    if (Boolean.FALSE.equals(lk.getSpec().getRemoteResources())) {
      return RemoteLoader.refusing("spec.remoteResources is false");
    }
    return fetching(lk, source, false);
  }

  private FetchingRemoteLoader fetching(
      LayeredKustomization lk, GitSource source, boolean checking) {
    String sourceKey = ResourceKey.of(source);
    RemoteCredentials.SecretData secret =
        source.getSpec().getSecretRef() == null
            ? null
            : () -> {
              try {
                return GitSourceReconciler.secretData(source, client);
              } catch (GitSourceReconciler.MissingSecret e) {
                throw new SourceFailure(SourceFailure.Reason.INVALID_SOURCE, e.getMessage());
              }
            };
    String timeout = source.getSpec().getTimeout();
    Duration stallTimeout =
        timeout == null ? FetchRequest.DEFAULT_STALL_TIMEOUT : Durations.parse(timeout);
    String lkKey = key(lk);
    return new FetchingRemoteLoader(
            fetcher,
            store,
            http,
            RemoteCredentials.ofSource(sourceKey, source.getSpec().getUrl(), secret),
            stallTimeout)
        .onFetched(
            fetched -> {
              if (!checking && !fetched.pinned()) {
                used.computeIfAbsent(lkKey, k -> new ConcurrentHashMap<>())
                    .putIfAbsent(fetched.url() + "\n" + fetched.spec().ref(), fetched);
              }
              if (fetched.result().mode() == FetchMode.UNCHANGED) {
                log.debug("{}: remote {} unchanged at {}", lkKey, fetched.url(), revision(fetched));
              } else {
                log.info(
                    "{}: fetched remote {} {} ({} mode, {})",
                    lkKey,
                    fetched.url(),
                    revision(fetched),
                    fetched.result().mode().label(),
                    Bytes.format(fetched.result().bytesReceived()));
              }
            });
  }

  private static String key(LayeredKustomization lk) {
    return ResourceKey.of(lk);
  }

  private static String revision(FetchingRemoteLoader.Fetched fetched) {
    return fetched.result().revision();
  }
}
