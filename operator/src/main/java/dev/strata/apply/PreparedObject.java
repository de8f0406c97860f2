package dev.strata.apply;

import dev.strata.health.ObjectRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.List;

/**
 * Holds one rendered object ready to send: its final reference (namespace defaulted or removed),
 * the body with owner labels, and the REST resource that serves it.
 *
 * @param index its position in the layer, so results keep the rendered order
 * @param ref what it is
 * @param origin the file it was rendered from
 * @param body what is sent
 * @param context the REST resource (plural, scope) serving its kind
 * @param kindFromLayer whether the kind is served only once a CRD of this layer is applied
 * @param policy how it is applied and pruned, from its annotations and labels
 * @param ignoredFields JSON pointers of fields taken out of the body by spec.ignoreFields
 */
record PreparedObject(
    int index,
    ObjectRef ref,
    String origin,
    GenericKubernetesResource body,
    ResourceDefinitionContext context,
    boolean kindFromLayer,
    ApplyPolicy policy,
    List<String> ignoredFields) {

  static final String CRD_GROUP = "apiextensions.k8s.io";

  /** The same object with another body. */
  PreparedObject withBody(GenericKubernetesResource newBody) {
    return new PreparedObject(
        index, ref, origin, newBody, context, kindFromLayer, policy, ignoredFields);
  }

  /** A CustomResourceDefinition or a Namespace: applied, and ready, before everything else. */
  boolean isDefinition() {
    return isCustomResourceDefinition()
        || (ref.group().isEmpty() && ref.kind().equals("Namespace"));
  }

  boolean isCustomResourceDefinition() {
    return ref.group().equals(CRD_GROUP) && ref.kind().equals("CustomResourceDefinition");
  }

  /** A failure of this object; a Secret's values are cut from the message. */
  ObjectFailure failure(String message) {
    return new ObjectFailure(ref, origin, SecretValues.redact(this, message));
  }
}
