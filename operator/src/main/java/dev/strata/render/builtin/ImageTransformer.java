package dev.strata.render.builtin;

import dev.strata.render.Accumulator;
import dev.strata.render.RenderException;
import dev.strata.render.Resource;
import dev.strata.render.Transformer;
import dev.strata.render.fields.FieldPath;
import dev.strata.render.fields.FieldSpec;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Changes container images, as kustomize's ImageTagTransformer: first every {@code image} of every
 * {@code containers} and {@code initContainers} list anywhere in an object (kustomize's legacy
 * walk), then the configured fields; CRDs are left alone.
 */
public final class ImageTransformer implements Transformer {

  /**
   * One {@code images} entry.
   *
   * @param name the image name to match, without tag or digest
   * @param newName the replacement name, or empty
   * @param newTag the replacement tag, or empty
   * @param tagSuffix appended to the existing tag, or empty
   * @param digest the replacement digest, or empty
   */
  public record Image(
      String name, String newName, String newTag, String tagSuffix, String digest) {}

  private final Image image;
  private final List<FieldSpec> specs;
  private final Pattern matches;

  public ImageTransformer(Image image, List<FieldSpec> specs) {
    this.image = image;
    this.specs = specs;
    // As kustomize: the name is used as a regular expression, unescaped.
    this.matches =
        Pattern.compile("^" + image.name() + "(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$");
  }

  @Override
  public void transform(Accumulator resources) throws RenderException {
    for (Resource resource : resources.resources()) {
      if (resource.kind().equals("CustomResourceDefinition")) {
        continue;
      }
      legacyWalk(resource.object());
    }
    for (Resource resource : resources.resources()) {
      if (resource.kind().equals("CustomResourceDefinition")) {
        continue;
      }
      for (FieldSpec spec : specs) {
        if (!spec.selects(resource)) {
          continue;
        }
        // As kustomize: the image filter has no create kind, so "create: true" creates nothing.
        FieldPath.apply(
            resource.object(),
            spec,
            FieldPath.Create.NONE,
            slot -> {
              Object value = slot.get();
              if (value instanceof Map<?, ?> || value instanceof List<?>) {
                throw new RenderException(
                    resource.id() + ": field '" + spec.path() + "' is not a string");
              }
              String updated = update(value == null ? "" : String.valueOf(value));
              if (updated != null) {
                slot.set(updated);
              }
            });
      }
    }
  }

  /** Visits every containers/initContainers list, depth first, as kustomize's LegacyFilter. */
  @SuppressWarnings("unchecked")
  private void legacyWalk(Object node) {
    if (node instanceof Map<?, ?> map) {
      for (var entry : ((Map<String, Object>) map).entrySet()) {
        legacyWalk(entry.getValue());
        String key = entry.getKey();
        if ((key.equals("containers") || key.equals("initContainers"))
            && entry.getValue() instanceof List<?> containers) {
          for (Object container : containers) {
            if (container instanceof Map<?, ?> fields
                && fields.containsKey("image")
                && fields.get("image") != null
                && !(fields.get("image") instanceof Map<?, ?>)
                && !(fields.get("image") instanceof List<?>)) {
              String updated = update(String.valueOf(fields.get("image")));
              if (updated != null) {
                ((Map<String, Object>) fields).put("image", updated);
              }
            }
          }
        }
      }
    } else if (node instanceof List<?> list) {
      list.forEach(this::legacyWalk);
    }
  }

  /** The new image reference, or null when this entry does not match. */
  String update(String value) {
    if (!matches.matcher(value).matches()) {
      return null;
    }
    String[] split = split(value);
    String name = split[0];
    String tag = split[1];
    String digest = split[2];
    if (!image.newName().isEmpty()) {
      name = image.newName();
    }
    if (!image.newTag().isEmpty() && !image.digest().isEmpty()) {
      tag = image.newTag();
      digest = image.digest();
    } else if (!image.newTag().isEmpty()) {
      tag = image.newTag();
      digest = "";
    } else if (!image.digest().isEmpty()) {
      tag = "";
      digest = image.digest();
    } else if (!image.tagSuffix().isEmpty()) {
      tag += image.tagSuffix();
      digest = "";
    }
    if (!tag.isEmpty()) {
      name += ":" + tag;
    }
    if (!digest.isEmpty()) {
      name += "@" + digest;
    }
    return name;
  }

  /** Name, tag and digest of an image reference, as kustomize's image.Split. */
  static String[] split(String image) {
    String search = image;
    int slash = image.indexOf('/');
    if (slash > 0) {
      search = image.substring(slash);
    } else {
      slash = 0;
    }
    int at = search.indexOf('@');
    int colon = search.indexOf(':');
    if (colon < 0 && at < 0) {
      return new String[] {image, "", ""};
    }
    if (at >= 0 && (at < colon || colon < 0)) {
      at += slash;
      return new String[] {image.substring(0, at), "", image.substring(at + 1)};
    }
    if (at >= 0) {
      at += slash;
      colon += slash;
      return new String[] {
        image.substring(0, colon), image.substring(colon + 1, at), image.substring(at + 1)
      };
    }
    colon += slash;
    return new String[] {image.substring(0, colon), image.substring(colon + 1), ""};
  }
}
