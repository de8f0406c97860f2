package dev.strata.controller;

import dev.strata.api.Artifact;
import dev.strata.api.Condition;
import dev.strata.api.ConditionTypes;
import dev.strata.api.Durations;
import dev.strata.api.FieldManagers;
import dev.strata.api.GitSource;
import dev.strata.api.GitSourceLimits;
import dev.strata.api.GitSourceSpec;
import dev.strata.api.GitSourceStatus;
import dev.strata.api.Reasons;
import dev.strata.api.ResourceKey;
import dev.strata.apply.ApiErrors;
import dev.strata.notify.Notifier;
import dev.strata.source.Bytes;
import dev.strata.source.Credentials;
import dev.strata.source.FetchMode;
import dev.strata.source.FetchProgress;
import dev.strata.source.FetchRequest;
import dev.strata.source.FetchResult;
import dev.strata.source.FetchScope;
import dev.strata.source.GitFetcher;
import dev.strata.source.ObjectStore;
import dev.strata.source.RefSelector;
import dev.strata.source.SourceFailure;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a GitSource's artifact current: reads its Secret, fetches the ref into the object store
 * (which skips the transfer when the commit is already there), and reports the revision, or why it
 * could not, in status. A failure keeps the last artifact.
 */
@ControllerConfiguration(
    name = GitSourceReconciler.NAME,
    fieldManager = GitSourceReconciler.NAME,
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = ReconcileRequests.class))
public final class GitSourceReconciler implements Reconciler<GitSource>, Cleaner<GitSource> {

  static final String NAME = FieldManagers.SOURCES;
  private static final Logger log = LoggerFactory.getLogger(GitSourceReconciler.class);
  private static final Duration PROGRESS_EVERY = Duration.ofSeconds(2);
  private static final Duration MAX_TRANSIENT_REQUEUE = Duration.ofMinutes(1);

  private final ObjectStore store;
  private final GitFetcher fetcher;
  private final Clock clock;
  private final Notifier notifier;
  private final StatusWriter<GitSource, GitSourceStatus> statusWriter;

  public GitSourceReconciler(ObjectStore store, GitFetcher fetcher, Clock clock) {
    this(store, fetcher, clock, Notifier.NONE);
  }

  /** A reconciler that also tells {@code notifier} when a fetch fails. */
  public GitSourceReconciler(
      ObjectStore store, GitFetcher fetcher, Clock clock, Notifier notifier) {
    this.notifier = notifier;
    this.store = store;
    this.fetcher = fetcher;
    this.clock = clock;
    this.statusWriter = new StatusWriter<>(GitSource::new, NAME, clock);
  }

  @Override
  public UpdateControl<GitSource> reconcile(GitSource source, Context<GitSource> context) {
    GitSourceSpec spec = source.getSpec();
    if (Boolean.TRUE.equals(spec.getSuspend())) {
      log.debug("{} is suspended", ResourceKey.of(source));
      return UpdateControl.noUpdate();
    }
    Duration interval = Durations.parse(spec.getInterval());
    GitSourceStatus previous =
        source.getStatus() == null ? new GitSourceStatus() : source.getStatus();
    var conditions = statusWriter.conditions(source, previous.getConditions());
    var status = carriedOver(source, previous);

    // Build the request: the spec and its Secret.
    FetchRequest request;
    try {
      request = request(source, context.getClient());
    } catch (SourceFailure failure) {
      return failed(source, status, conditions, failure, interval);
    } catch (MissingSecret missing) {
      conditions.notReady(Reasons.SECRET_NOT_FOUND, missing.getMessage());
      status.setConditions(conditions.build());
      return UpdateControl.patchStatus(statusWriter.fresh(source, status))
          .rescheduleAfter(min(interval, MAX_TRANSIENT_REQUEUE));
    }

    // Fetch: skipped by the fetcher when the remote's commit is already stored.
    FetchResult result;
    try {
      result =
          fetcher.fetch(
              storeKey(source),
              ObjectStore.artifactRef(ResourceKey.of(source)),
              request,
              progressPublisher(source, previous, context.getClient()));
    } catch (SourceFailure failure) {
      return failed(source, status, conditions, failure, interval);
    }

    // Publish the artifact.
    Artifact artifact = previous.getArtifact();
    if (artifact == null
        || !result.revision().equals(artifact.getRevision())
        || result.bytesReceived() > 0) {
      artifact = new Artifact();
      artifact.setRevision(result.revision());
      artifact.setFetchedAt(now());
      artifact.setBytesReceived(result.bytesReceived());
    }
    status.setArtifact(artifact);
    String message = "stored artifact for revision " + result.revision() + describe(result);
    // An unchanged remote keeps the message of the fetch that stored the revision, so that
    // nothing in status changes and nothing is written.
    var ready = Conditions.find(previous.getConditions(), ConditionTypes.READY);
    if (result.mode() == FetchMode.UNCHANGED
        && ready.isPresent()
        && "True".equals(ready.get().getStatus())
        && ready.get().getMessage() != null
        && ready
            .get()
            .getMessage()
            .startsWith("stored artifact for revision " + result.revision())) {
      message = ready.get().getMessage();
    }
    conditions.ready(Reasons.SUCCEEDED, message);
    status.setConditions(conditions.build());
    log.info(
        "{}: {} ({} mode, {}, {} chunk(s), {} retr{})",
        ResourceKey.of(source),
        result.revision(),
        result.mode().label(),
        Bytes.format(result.bytesReceived()),
        result.chunks(),
        result.retries(),
        result.retries() == 1 ? "y" : "ies");
    if (sameStatus(previous, status)) {
      // An unchanged remote writes nothing: an idle operator costs no request per interval.
      return UpdateControl.<GitSource>noUpdate().rescheduleAfter(interval);
    }
    return UpdateControl.patchStatus(statusWriter.fresh(source, status)).rescheduleAfter(interval);
  }

  private static boolean sameStatus(GitSourceStatus previous, GitSourceStatus next) {
    return Serialization.asJson(previous).equals(Serialization.asJson(next));
  }

  /**
   * Called by JOSDK when {@link #reconcile} threw (an API request failed, a bug): status says so,
   * keeping the last artifact, instead of keeping the last progress forever.
   */
  @Override
  public ErrorStatusUpdateControl<GitSource> updateErrorStatus(
      GitSource source, Context<GitSource> context, Exception error) {
    GitSourceStatus previous =
        source.getStatus() == null ? new GitSourceStatus() : source.getStatus();
    var status = carriedOver(source, previous);
    String message = "reconcile failed: " + ApiErrors.describeUnexpected(error);
    if (status.getArtifact() != null) {
      message += "; serving the last artifact " + status.getArtifact().getRevision();
    }
    log.warn("{}: {}", ResourceKey.of(source), message, error);
    status.setConditions(
        statusWriter
            .conditions(source, previous.getConditions())
            .notReady(Reasons.RECONCILE_ERROR, message)
            .build());
    return ErrorStatusUpdateControl.patchStatus(statusWriter.fresh(source, status))
        .rescheduleAfter(
            min(Durations.parse(source.getSpec().getInterval()), MAX_TRANSIENT_REQUEUE));
  }

  @Override
  public DeleteControl cleanup(GitSource source, Context<GitSource> context) {
    try {
      store.release(storeKey(source), ObjectStore.artifactRef(ResourceKey.of(source)));
    } catch (IOException e) {
      log.warn("{}: cannot delete its object store: {}", ResourceKey.of(source), e.getMessage());
    }
    return DeleteControl.defaultDelete();
  }

  private UpdateControl<GitSource> failed(
      GitSource source,
      GitSourceStatus status,
      Conditions conditions,
      SourceFailure failure,
      Duration interval) {
    String reason = failure.reason().conditionReason();
    String message = failure.getMessage();
    if (status.getArtifact() != null) {
      message += "; serving the last artifact " + status.getArtifact().getRevision();
    }
    conditions.notReady(reason, message);
    if (failure.reason() == SourceFailure.Reason.INVALID_SOURCE) {
      conditions.stalled(reason, failure.getMessage());
    }
    status.setConditions(conditions.build());
    log.warn("{}: {}: {}", ResourceKey.of(source), reason, message);
    notifier.publish(
        Notifications.sourceFailed(
            source,
            status.getArtifact() == null ? null : status.getArtifact().getRevision(),
            reason,
            message));
    Duration requeue =
        failure.reason().isTransient() ? min(interval, MAX_TRANSIENT_REQUEUE) : interval;
    return UpdateControl.patchStatus(statusWriter.fresh(source, status)).rescheduleAfter(requeue);
  }

  private FetchRequest request(GitSource source, KubernetesClient client)
      throws SourceFailure, MissingSecret {
    GitSourceSpec spec = source.getSpec();
    Credentials credentials = Credentials.NONE;
    if (spec.getSecretRef() != null) {
      credentials = Credentials.fromSecretData(spec.getUrl(), secretData(source, client));
    }
    return new FetchRequest(
        spec.getUrl(),
        RefSelector.of(
            spec.getRef().getBranch(),
            spec.getRef().getTag(),
            spec.getRef().getSemver(),
            spec.getRef().getCommit()),
        credentials,
        Durations.parse(spec.getTimeout()),
        FetchRequest.DEFAULT_MAX_FAILURES,
        scope(spec));
  }

  /**
   * The object store a GitSource fetches into: one per URL and credentials (its Secret's namespace
   * and name), shared by every GitSource that has both in common, so one copy of the objects.
   */
  static String storeKey(GitSource source) {
    var secret = source.getSpec().getSecretRef();
    return ObjectStore.keyOf(
        source.getSpec().getUrl(),
        secret == null ? "" : source.getMetadata().getNamespace() + "/" + secret.getName());
  }

  /** spec.ignore and spec.limits, with the defaults for what is unset. */
  static FetchScope scope(GitSourceSpec spec) throws SourceFailure {
    var limits = spec.getLimits() == null ? new GitSourceLimits() : spec.getLimits();
    try {
      return new FetchScope(
          spec.getIgnore(),
          limits.getMaxFileSize() == null
              ? FetchScope.DEFAULT_MAX_FILE_BYTES
              : GitSourceLimits.bytes(limits.getMaxFileSize()),
          limits.getMaxFetchSize() == null
              ? FetchScope.DEFAULT_MAX_FETCH_BYTES
              : GitSourceLimits.bytes(limits.getMaxFetchSize()));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE, "spec.limits: " + e.getMessage());
    }
  }

  /** The data of a GitSource's Secret (spec.secretRef), decoded. */
  static Map<String, String> secretData(GitSource source, KubernetesClient client)
      throws MissingSecret {
    String name = source.getSpec().getSecretRef().getName();
    Secret secret;
    try {
      secret =
          client.secrets().inNamespace(source.getMetadata().getNamespace()).withName(name).get();
    } catch (KubernetesClientException e) {
      throw new MissingSecret("cannot read Secret " + name + ": " + e.getStatus().getMessage());
    }
    if (secret == null) {
      throw new MissingSecret(
          "Secret "
              + source.getMetadata().getNamespace()
              + "/"
              + name
              + " (spec.secretRef) not found");
    }
    Map<String, String> data = new HashMap<>();
    if (secret.getData() != null) {
      secret
          .getData()
          .forEach(
              (k, v) ->
                  data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
    }
    if (secret.getStringData() != null) {
      data.putAll(secret.getStringData());
    }
    return data;
  }

  /**
   * Patches Reconciling=True with the fetch's progress, at most every two seconds, so that a fetch
   * that finishes at once (the usual unchanged case) writes nothing until its result.
   */
  private Consumer<FetchProgress> progressPublisher(
      GitSource source, GitSourceStatus previous, KubernetesClient client) {
    Instant[] next = {Instant.now(clock).plus(Duration.ofSeconds(1))};
    return progress -> {
      Instant now = Instant.now(clock);
      if (now.isBefore(next[0])) {
        return;
      }
      next[0] = now.plus(PROGRESS_EVERY);
      var status = carriedOver(source, previous);
      // The request counts as handled only with the fetch's final status.
      status.setLastHandledReconcileAt(previous.getLastHandledReconcileAt());
      var conditions = statusWriter.conditions(source, previous.getConditions());
      // Ready keeps its last verdict while the fetch runs; Reconciling carries the progress.
      Conditions.find(previous.getConditions(), ConditionTypes.READY)
          .ifPresentOrElse(
              ready -> keepReady(conditions, ready),
              () -> conditions.readyUnknown(Reasons.PROGRESSING, "first fetch in progress"));
      conditions.reconciling(Reasons.PROGRESSING, progress.message());
      status.setConditions(conditions.build());
      statusWriter.publish(client, source, status);
    };
  }

  private static void keepReady(Conditions conditions, Condition ready) {
    switch (ready.getStatus()) {
      case ConditionTypes.TRUE -> conditions.ready(ready.getReason(), ready.getMessage());
      case ConditionTypes.FALSE -> conditions.notReady(ready.getReason(), ready.getMessage());
      default -> conditions.readyUnknown(ready.getReason(), ready.getMessage());
    }
  }

  /** A status that keeps the last artifact and records the handled reconcile request. */
  private static GitSourceStatus carriedOver(GitSource source, GitSourceStatus previous) {
    var status = new GitSourceStatus();
    status.setObservedGeneration(StatusWriter.generation(source));
    status.setArtifact(previous.getArtifact());
    status.setLastHandledReconcileAt(
        StatusWriter.handledRequest(source, previous.getLastHandledReconcileAt()));
    return status;
  }

  private static String describe(FetchResult result) {
    return switch (result.mode()) {
      case UNCHANGED -> "";
      case CHUNKED, SHALLOW ->
          " ("
              + result.mode().label()
              + ", "
              + Bytes.format(result.bytesReceived())
              + " in "
              + result.chunks()
              + " chunk"
              + (result.chunks() == 1 ? "" : "s")
              + (result.retries() > 0 ? ", " + result.retries() + " retried" : "")
              + ")";
    };
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  /** The Secret a GitSource names does not exist or cannot be read. */
  static final class MissingSecret extends Exception {
    MissingSecret(String message) {
      super(message);
    }
  }
}
