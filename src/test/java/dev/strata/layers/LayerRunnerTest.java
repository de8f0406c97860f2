package dev.strata.layers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.api.Layer;
import dev.strata.api.LayerPhase;
import dev.strata.apply.Action;
import dev.strata.apply.ApplyException;
import dev.strata.apply.Change;
import dev.strata.apply.ChangeSet;
import dev.strata.apply.Deadline;
import dev.strata.apply.ObjectFailure;
import dev.strata.health.ObjectRef;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's scheduling, with an applier that records calls: independent layers run at the same
 * time, a failure stops only its dependents, a render error applies nothing. (Applying and health
 * against a real cluster are covered by LayeredKustomizationIT.)
 */
class LayerRunnerTest {

  private final ExecutorService executor = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    executor.shutdownNow();
  }

  private static Layer layer(String name, String... dependsOn) {
    Layer layer = new Layer();
    layer.setName(name);
    layer.setPath(name);
    layer.setWait(false);
    if (dependsOn.length > 0) {
      layer.setDependsOn(new ArrayList<>(List.of(dependsOn)));
    }
    return layer;
  }

  private static Resource configMap(String name) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    metadata.put("namespace", "apps");
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("apiVersion", "v1");
    object.put("kind", "ConfigMap");
    object.put("metadata", metadata);
    return new Resource(object, name + ".yaml");
  }

  /** Records applies; layers named in {@code meet} wait until all of them are applying. */
  private static class RecordingApplier implements LayerRunner.Applier {
    final List<String> applied = new CopyOnWriteArrayList<>();
    final List<ObjectRef> pruned = new CopyOnWriteArrayList<>();
    final CountDownLatch meet;
    final String failing;

    RecordingApplier(int meeting, String failing) {
      this.meet = new CountDownLatch(meeting);
      this.failing = failing;
    }

    @Override
    public ChangeSet apply(List<Resource> objects, Deadline deadline)
        throws ApplyException, InterruptedException {
      if (objects.isEmpty()) {
        applied.add("(nothing)");
        return ChangeSet.empty();
      }
      String name =
          objects.get(0).object().get("metadata") instanceof Map<?, ?> m
              ? String.valueOf(m.get("name"))
              : "";
      ObjectRef ref = ObjectRef.of(objects.get(0).object());
      if (name.equals(failing)) {
        throw new ApplyException(
            ApplyException.Phase.VALIDATION,
            List.of(new ObjectFailure(ref, name + ".yaml", "invalid")),
            ChangeSet.empty());
      }
      if (name.startsWith("meet-")) {
        meet.countDown();
        try {
          if (!meet.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("layers did not run in parallel");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      applied.add(name);
      return new ChangeSet(List.of(new Change(ref, name + ".yaml", Action.CREATED, "")));
    }

    @Override
    public ChangeSet prune(
        List<ObjectRef> previous,
        List<ObjectRef> current,
        Map<ObjectRef, String> otherLayers,
        Deadline deadline) {
      previous.stream().filter(ref -> !current.contains(ref)).forEach(pruned::add);
      return ChangeSet.empty();
    }
  }

  private LayerRunner.Result run(
      RecordingApplier applier, List<Layer> layers, LayerRunner.Renderer renderer)
      throws Exception {
    return run(applier, layers, renderer, Map.of());
  }

  private LayerRunner.Result run(
      RecordingApplier applier,
      List<Layer> layers,
      LayerRunner.Renderer renderer,
      Map<String, List<ObjectRef>> previousInventory)
      throws Exception {
    var runner = new LayerRunner(applier, null, executor);
    return runner.run(
        new LayerRunner.Request(
            "main@sha1:0",
            LayerPlan.of(layers),
            previousInventory,
            true,
            Duration.ofSeconds(5),
            "apps"),
        renderer,
        progress -> {},
        new LayerRunner.Cancellation());
  }

  @Test
  void independentLayersRunAtTheSameTime() throws Exception {
    var applier = new RecordingApplier(2, null);
    var result =
        run(
            applier,
            List.of(
                layer("base"),
                layer("meet-a", "base"),
                layer("meet-b", "base"),
                layer("top", "meet-a", "meet-b")),
            path -> List.of(configMap(path)));

    assertThat(result.allReady()).isTrue();
    assertThat(applier.applied.get(0)).isEqualTo("base");
    assertThat(applier.applied.get(3)).isEqualTo("top");
    assertThat(applier.applied.subList(1, 3)).containsExactlyInAnyOrder("meet-a", "meet-b");
  }

  @Test
  void aFailedLayerStopsOnlyItsDependents() throws Exception {
    var applier = new RecordingApplier(0, "broken");
    var result =
        run(
            applier,
            List.of(
                layer("base"),
                layer("broken", "base"),
                layer("after", "broken"),
                layer("aside", "base")),
            path -> List.of(configMap(path)));

    assertThat(result.allReady()).isFalse();
    assertThat(result.layers().get("broken").phase()).isEqualTo(LayerPhase.FAILED);
    assertThat(result.layers().get("broken").message()).contains("broken.yaml", "invalid");
    assertThat(result.layers().get("after").phase()).isEqualTo(LayerPhase.PENDING);
    assertThat(result.layers().get("after").message())
        .isEqualTo("waiting for layer broken to become Ready");
    assertThat(result.layers().get("aside").phase()).isEqualTo(LayerPhase.READY);
    assertThat(applier.applied).containsExactlyInAnyOrder("base", "aside");
  }

  @Test
  void aLayerThatDoesNotRenderAppliesNothing() throws Exception {
    var applier = new RecordingApplier(0, null);
    var result =
        run(
            applier,
            List.of(layer("base"), layer("bad")),
            path -> {
              if (path.equals("bad")) {
                throw new RenderException("bad/kustomization.yaml: unknown field 'resourcez'");
              }
              return List.of(configMap(path));
            });

    assertThat(result.layers().get("bad").phase()).isEqualTo(LayerPhase.FAILED);
    assertThat(result.layers().get("bad").message())
        .isEqualTo("render failed: bad/kustomization.yaml: unknown field 'resourcez'");
    assertThat(applier.applied).containsExactly("base");
  }

  @Test
  void aLayerThatSuddenlyRendersNothingFailsAndPrunesNothing() throws Exception {
    var applier = new RecordingApplier(0, null);
    ObjectRef before = ObjectRef.of(configMap("kept").object());
    var result =
        run(
            applier,
            List.of(layer("emptied")),
            path -> List.of(),
            Map.of("emptied", List.of(before)));

    assertThat(result.layers().get("emptied").phase()).isEqualTo(LayerPhase.FAILED);
    assertThat(result.layers().get("emptied").message())
        .isEqualTo(
            "rendered no objects at main@sha1:0 (it had 1 at the last run); nothing was applied"
                + " or pruned. To empty the layer on purpose, set allowEmpty: true on layer"
                + " 'emptied'");
    assertThat(result.layers().get("emptied").inventory()).containsExactly(before);
    assertThat(applier.applied).isEmpty();
    assertThat(applier.pruned).isEmpty();
  }

  @Test
  void aLayerAllowedToBeEmptyPrunesWhatItHad() throws Exception {
    var applier = new RecordingApplier(0, null);
    ObjectRef before = ObjectRef.of(configMap("gone").object());
    Layer emptied = layer("emptied");
    emptied.setAllowEmpty(true);
    var result =
        run(applier, List.of(emptied), path -> List.of(), Map.of("emptied", List.of(before)));

    assertThat(result.layers().get("emptied").phase()).isEqualTo(LayerPhase.READY);
    assertThat(applier.pruned).containsExactly(before);
  }

  @Test
  void aCancelledRunStartsNoFurtherLayer() throws Exception {
    var applier = new RecordingApplier(0, null);
    var cancellation = new LayerRunner.Cancellation();
    var runner = new LayerRunner(applier, null, executor);
    var result =
        runner.run(
            new LayerRunner.Request(
                "main@sha1:0",
                LayerPlan.of(List.of(layer("first"), layer("second"))),
                Map.of(),
                true,
                Duration.ofSeconds(5),
                "apps"),
            path -> List.of(configMap(path)),
            progress -> {
              if (progress.name().equals("first") && progress.isReady()) {
                cancellation.cancel("superseded by revision main@sha1:1");
              }
            },
            cancellation);

    assertThat(result.cancelled()).isTrue();
    assertThat(applier.applied).containsExactly("first");
    assertThat(result.layers().get("second").message())
        .isEqualTo("not started: superseded by revision main@sha1:1");
  }

  @Test
  void oneRunsSlowProgressWriteDoesNotHoldUpAnotherRun() throws Exception {
    // Two owners' runs in one process: the first one's listener (a status write) hangs.
    var hanging = new CountDownLatch(1);
    var firstIsWriting = new CountDownLatch(1);
    var slow = new LayerRunner(new RecordingApplier(0, null), null, executor);
    var slowRun =
        executor.submit(
            () ->
                slow.run(
                    request(List.of(layer("slow"))),
                    path -> List.of(configMap(path)),
                    progress -> {
                      firstIsWriting.countDown();
                      try {
                        hanging.await();
                      } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                      }
                    },
                    new LayerRunner.Cancellation()));
    assertThat(firstIsWriting.await(10, TimeUnit.SECONDS)).isTrue();

    var fast = new LayerRunner(new RecordingApplier(0, null), null, executor);
    var result =
        executor
            .submit(
                () ->
                    fast.run(
                        request(List.of(layer("fast"))),
                        path -> List.of(configMap(path)),
                        progress -> {},
                        new LayerRunner.Cancellation()))
            .get(10, TimeUnit.SECONDS);

    assertThat(result.allReady()).isTrue();
    hanging.countDown();
    assertThat(slowRun.get(10, TimeUnit.SECONDS).allReady()).isTrue();
  }

  @Test
  void theResultNamesWhatEachLayerApplied() throws Exception {
    var applier = new RecordingApplier(0, "broken");
    var result =
        run(
            applier,
            List.of(layer("base"), layer("broken", "base"), layer("bad", "base")),
            path -> {
              if (path.equals("bad")) {
                throw new RenderException("bad/kustomization.yaml: no such file");
              }
              return List.of(configMap(path));
            });

    // Only a layer whose apply went through applied anything: not a failed dry-run, not a render
    // error. Drift healing targets exactly these objects.
    assertThat(result.applied()).containsOnlyKeys("base");
    assertThat(result.applied().get("base")).extracting(Resource::name).containsExactly("base");
  }

  @Test
  void anUnexpectedErrorInALayerFailsThatLayerWithTheCause() throws Exception {
    var applier =
        new RecordingApplier(0, null) {
          @Override
          public ChangeSet apply(List<Resource> objects, Deadline deadline) {
            throw new IllegalStateException("the applier's cache is corrupt");
          }
        };
    var result =
        run(applier, List.of(layer("base"), layer("after")), path -> List.of(configMap(path)));

    assertThat(result.layers().get("base").phase()).isEqualTo(LayerPhase.FAILED);
    assertThat(result.layers().get("base").message())
        .isEqualTo(
            "unexpected error: java.lang.IllegalStateException: the applier's cache is corrupt");
    assertThat(result.layers().get("after").phase()).isEqualTo(LayerPhase.PENDING);
  }

  @Test
  void anInterruptedApplyEndsTheLayerAsCancelledNotFailed() throws Exception {
    var applier =
        new RecordingApplier(0, null) {
          @Override
          public ChangeSet apply(List<Resource> objects, Deadline deadline)
              throws InterruptedException {
            throw new InterruptedException();
          }
        };
    var result = run(applier, List.of(layer("base")), path -> List.of(configMap(path)));

    assertThat(result.layers().get("base").phase()).isEqualTo(LayerPhase.PENDING);
    assertThat(result.layers().get("base").message())
        .isEqualTo("interrupted: the operator is stopping");
    assertThat(result.applied()).isEmpty();
  }

  @Test
  void theLayersTimeoutBoundsItsApplyAndPruneAndATimeoutThereFailsTheLayer() throws Exception {
    Map<String, Deadline> seen = new java.util.concurrent.ConcurrentHashMap<>();
    var applier =
        new RecordingApplier(0, null) {
          @Override
          public ChangeSet apply(List<Resource> objects, Deadline deadline) throws ApplyException {
            ObjectRef ref = ObjectRef.of(objects.get(0).object());
            seen.put(ref.name(), deadline);
            if (!ref.name().equals("slow")) {
              return ChangeSet.empty();
            }
            throw ApplyException.timedOut(
                ApplyException.Phase.VALIDATION,
                deadline.timeout(),
                List.of(new ObjectFailure(ref, "slow.yaml", "dry-run: no answer")),
                ChangeSet.empty());
          }

          @Override
          public ChangeSet prune(
              List<ObjectRef> previous,
              List<ObjectRef> current,
              Map<ObjectRef, String> otherLayers,
              Deadline deadline) {
            seen.put("pruned", deadline);
            return ChangeSet.empty();
          }
        };
    Layer slow = layer("slow");
    slow.setTimeout("2s");
    var gone = ObjectRef.of("v1", "ConfigMap", "apps", "gone");
    var result =
        run(
            applier,
            List.of(layer("fast"), slow),
            path -> List.of(configMap(path)),
            Map.of("fast", List.of(gone), "slow", List.of(gone)));

    assertThat(seen.get("slow").timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(seen.get("slow").remaining()).isLessThanOrEqualTo(Duration.ofSeconds(2));
    // A layer without a timeout of its own has spec.timeout (5 s here).
    assertThat(seen.get("fast").timeout()).isEqualTo(Duration.ofSeconds(5));
    // Prune shares the layer's deadline; a layer that failed to apply prunes nothing.
    assertThat(seen.get("pruned")).isSameAs(seen.get("fast"));
    assertThat(result.layers().get("slow").phase()).isEqualTo(LayerPhase.FAILED);
    assertThat(result.layers().get("slow").message())
        .startsWith(
            "timeout of 2.0s elapsed during apply (server-side dry-run) for 1 object (nothing was"
                + " changed):")
        .contains("ConfigMap/apps/slow (from slow.yaml): dry-run: no answer");
  }

  private static LayerRunner.Request request(List<Layer> layers) throws Exception {
    return new LayerRunner.Request(
        "main@sha1:0", LayerPlan.of(layers), Map.of(), true, Duration.ofSeconds(5), "apps");
  }
}
