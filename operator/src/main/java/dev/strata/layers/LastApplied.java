package dev.strata.layers;

import dev.strata.render.KustomizeOutput;
import dev.strata.render.Resource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each layer of each owner last applied to the cluster: the revision and its objects. A layer
 * whose new revision failed to render or to pass the dry-run keeps what it applied before, so that
 * drift is healed towards what the cluster really runs, never towards a revision that was refused.
 * Owners are keyed namespace/name. The revisions are also in the owner's status, where a restarted
 * operator reads them and renders the objects again.
 */
public final class LastApplied {

  /** One layer's applied state. */
  public record Layer(String revision, List<Resource> objects) {
    public Layer {
      objects = List.copyOf(objects);
    }

    /** {@code sha256:<hex>} of the objects as rendered: equal for runs that applied the same. */
    public String digest() {
      try {
        byte[] hash =
            MessageDigest.getInstance("SHA-256")
                .digest(KustomizeOutput.print(objects).getBytes(StandardCharsets.UTF_8));
        return "sha256:" + HexFormat.of().formatHex(hash);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
    }
  }

  private final Map<String, Map<String, Layer>> byOwner = new ConcurrentHashMap<>();

  /** Records that {@code layer} of {@code owner} applied {@code objects} from {@code revision}. */
  public void record(String owner, String layer, String revision, List<Resource> objects) {
    byOwner
        .computeIfAbsent(owner, o -> new ConcurrentHashMap<>())
        .put(layer, new Layer(revision, objects));
  }

  /** Whether anything is known of {@code owner}: false after a restart, until it is restored. */
  public boolean knows(String owner) {
    return byOwner.containsKey(owner);
  }

  /** Marks {@code owner} as known although no layer applied anything yet. */
  public void knowNothingApplied(String owner) {
    byOwner.computeIfAbsent(owner, o -> new ConcurrentHashMap<>());
  }

  /** Each layer's applied state. */
  public Map<String, Layer> layers(String owner) {
    return Map.copyOf(byOwner.getOrDefault(owner, Map.of()));
  }

  /** The revision {@code layer} last applied, or null. */
  public String revision(String owner, String layer) {
    Layer applied = byOwner.getOrDefault(owner, Map.of()).get(layer);
    return applied == null ? null : applied.revision();
  }

  /** Every object the owner's layers last applied: the desired state drift is healed towards. */
  public List<Resource> objects(String owner) {
    List<Resource> all = new ArrayList<>();
    byOwner.getOrDefault(owner, Map.of()).values().forEach(layer -> all.addAll(layer.objects()));
    return all;
  }

  /** Forgets layers no longer in the owner's spec. */
  public void retain(String owner, Set<String> layers) {
    Map<String, Layer> applied = byOwner.get(owner);
    if (applied != null) {
      applied.keySet().retainAll(layers);
    }
  }

  public void forget(String owner) {
    byOwner.remove(owner);
  }
}
