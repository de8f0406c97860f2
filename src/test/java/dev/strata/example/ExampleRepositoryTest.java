package dev.strata.example;

import static dev.strata.example.ExampleRepository.HOMELAB;
import static dev.strata.example.ExampleRepository.NAMESPACE;
import static dev.strata.example.ExampleRepository.ROOT;
import static dev.strata.example.ExampleRepository.SIMULATED;
import static dev.strata.example.ExampleRepository.layerList;
import static dev.strata.example.ExampleRepository.podTemplate;
import static dev.strata.example.ExampleRepository.render;
import static dev.strata.example.ExampleRepository.typed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.strata.api.Layer;
import dev.strata.layers.LayerPlan;
import dev.strata.render.Resource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Renders every layer of the example repository with Strata's renderer and checks what the homelab
 * asks of it: the six layers and their services (HOMELAB.md), pinned images, probes, resources,
 * restricted security contexts, no committed secrets, and storage that binds on the simulated
 * cluster.
 */
class ExampleRepositoryTest {

  /** The workloads of each layer, as HOMELAB.md lists the services. */
  private static final Map<String, Set<String>> WORKLOADS =
      Map.of(
          "base", Set.of(),
          "data", Set.of("StatefulSet/postgres", "StatefulSet/redis", "StatefulSet/qdrant"),
          "support", Set.of("Deployment/loki", "Deployment/prometheus", "Deployment/mem0"),
          "apps",
              Set.of(
                  "Deployment/n8n",
                  "Deployment/family-assistant-backend",
                  "Deployment/family-assistant-frontend"),
          "dashboards",
              Set.of("Deployment/homelab-dashboard", "Deployment/grafana", "Deployment/discovery"),
          "infrastructure",
              Set.of("Deployment/traefik", "Deployment/coredns", "Deployment/registry"));

  static Stream<String> layerPaths() throws Exception {
    Set<String> paths = new TreeSet<>();
    for (String cluster : List.of(HOMELAB, SIMULATED)) {
      layerList(cluster).forEach(layer -> paths.add(layer.getPath()));
    }
    return paths.stream();
  }

  @Test
  void homelabReconcilesSixLayersWithTheirRealDependencies() throws Exception {
    var layers = layerList(HOMELAB);
    var plan = LayerPlan.of(layers);

    assertThat(layers)
        .extracting(Layer::getName)
        .containsExactly("base", "data", "support", "apps", "dashboards", "infrastructure");
    Map<String, List<String>> dependencies = new LinkedHashMap<>();
    layers.forEach(l -> dependencies.put(l.getName(), plan.dependencies(l.getName())));
    assertThat(dependencies)
        .containsExactly(
            Map.entry("base", List.of()),
            Map.entry("data", List.of("base")),
            Map.entry("support", List.of("data")),
            Map.entry("apps", List.of("support")),
            Map.entry("dashboards", List.of("support")),
            Map.entry("infrastructure", List.of("base")));
  }

  @Test
  void simulatedClusterDiffersOnlyInItsBaseLayer() throws Exception {
    var homelab = layerList(HOMELAB);
    var simulated = layerList(SIMULATED);

    assertThat(simulated).hasSameSizeAs(homelab);
    for (int i = 0; i < homelab.size(); i++) {
      var real = homelab.get(i);
      var sim = simulated.get(i);
      assertThat(sim.getName()).isEqualTo(real.getName());
      assertThat(sim.getDependsOn()).as(sim.getName()).isEqualTo(real.getDependsOn());
      assertThat(sim.getPath())
          .as(sim.getName())
          .isEqualTo(real.getName().equals("base") ? SIMULATED + "/base" : real.getPath());
    }
  }

  @Test
  void eachLayerRunsTheServicesOfItsRow() throws Exception {
    for (Layer layer : layerList(HOMELAB)) {
      Set<String> workloads = new TreeSet<>();
      for (Resource resource : render(layer.getPath())) {
        if (podTemplate(typed(resource)).isPresent()) {
          workloads.add(resource.kind() + "/" + resource.name());
        }
      }
      assertThat(workloads)
          .as(layer.getName())
          .isEqualTo(new TreeSet<>(WORKLOADS.get(layer.getName())));
    }
    assertThat(render("infrastructure/base"))
        .extracting(Resource::id)
        .containsExactly("Namespace/homelab");
  }

  @Test
  void databasesAreStatefulSetsWithClaimsAndHeadlessServices() throws Exception {
    var objects = render("infrastructure/data").stream().map(ExampleRepository::typed).toList();
    Map<String, Service> services = new TreeMap<>();
    objects.stream()
        .filter(Service.class::isInstance)
        .map(Service.class::cast)
        .forEach(s -> services.put(s.getMetadata().getName(), s));

    List<StatefulSet> statefulSets =
        objects.stream()
            .filter(StatefulSet.class::isInstance)
            .map(StatefulSet.class::cast)
            .toList();
    assertThat(statefulSets).hasSize(3);
    for (StatefulSet set : statefulSets) {
      String name = set.getMetadata().getName();
      assertThat(set.getSpec().getVolumeClaimTemplates()).as(name).isNotEmpty();
      assertThat(services).as(name).containsKey(set.getSpec().getServiceName());
      assertThat(services.get(set.getSpec().getServiceName()).getSpec().getClusterIP())
          .as(name + " service is headless")
          .isEqualTo("None");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layerPaths")
  void everyWorkloadIsPinnedProbedBoundedAndUnprivileged(String path) throws Exception {
    for (Resource resource : render(path)) {
      HasMetadata object = typed(resource);
      String id = path + ": " + resource.id();
      String namespace = object.getMetadata().getNamespace();
      if (namespace != null) {
        assertThat(namespace).as(id).isEqualTo(NAMESPACE);
      }
      var template = podTemplate(object);
      if (template.isEmpty()) {
        continue;
      }
      assertThat(replicas(object)).as(id + " replicas").isEqualTo(1);
      var pod = template.get().getSpec();
      assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(id + " runAsNonRoot").isTrue();
      assertThat(pod.getSecurityContext().getSeccompProfile().getType())
          .as(id + " seccomp")
          .isEqualTo("RuntimeDefault");
      List<Container> containers = new ArrayList<>(pod.getContainers());
      if (pod.getInitContainers() != null) {
        containers.addAll(pod.getInitContainers());
      }
      for (Container container : containers) {
        String where = id + " container " + container.getName();
        assertThat(container.getImage())
            .as(where + " image pinned by tag")
            .matches("[^:@]+(:[0-9A-Za-z_][0-9A-Za-z_.-]*)")
            .doesNotEndWith(":latest");
        assertThat(container.getReadinessProbe()).as(where + " readinessProbe").isNotNull();
        assertThat(container.getLivenessProbe()).as(where + " livenessProbe").isNotNull();
        var resources = container.getResources();
        assertThat(resources.getRequests()).as(where + " requests").containsKeys("cpu", "memory");
        assertThat(resources.getLimits()).as(where + " limits").containsKeys("cpu", "memory");
        var security = container.getSecurityContext();
        assertThat(security.getAllowPrivilegeEscalation()).as(where).isFalse();
        assertThat(security.getCapabilities().getDrop()).as(where).containsExactly("ALL");
        assertThat(security.getPrivileged()).as(where).isNotEqualTo(Boolean.TRUE);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("layerPaths")
  void noLayerCommitsSecretMaterial(String path) throws Exception {
    assertThat(render(path))
        .extracting(Resource::kind)
        .as("Secrets are created out of band (clusters/homelab/README.md)")
        .doesNotContain("Secret", "SealedSecret");
  }

  /** Every Secret a workload reads is one the README tells the user to create, key included. */
  @Test
  void everySecretReferenceIsDocumentedInTheReadme() throws Exception {
    Map<String, Set<String>> documented = documentedSecrets();
    Map<String, Set<String>> referenced = new TreeMap<>();
    for (Layer layer : layerList(HOMELAB)) {
      for (Resource resource : render(layer.getPath())) {
        var template = podTemplate(typed(resource));
        if (template.isEmpty()) {
          continue;
        }
        for (Container container : template.get().getSpec().getContainers()) {
          for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
              var ref = env.getValueFrom().getSecretKeyRef();
              assertThat(ref.getOptional()).as(ref.getName()).isNotEqualTo(Boolean.TRUE);
              referenced.computeIfAbsent(ref.getName(), k -> new TreeSet<>()).add(ref.getKey());
            }
          }
          for (EnvFromSource from :
              container.getEnvFrom() == null ? List.<EnvFromSource>of() : container.getEnvFrom()) {
            assertThat(from.getSecretRef()).as("envFrom a whole Secret hides its keys").isNull();
          }
        }
      }
    }

    assertThat(referenced).isNotEmpty();
    referenced.forEach(
        (name, keys) ->
            assertThat(documented.getOrDefault(name, Set.of()))
                .as("README documents Secret %s with keys %s", name, keys)
                .containsAll(keys));
  }

  @Test
  void simulatedVolumesPreBindEveryClaimWithEnoughCapacity() throws Exception {
    Map<String, Quantity> claims = new TreeMap<>();
    for (Layer layer : layerList(HOMELAB)) {
      for (Resource resource : render(layer.getPath())) {
        HasMetadata object = typed(resource);
        if (object instanceof PersistentVolumeClaim claim) {
          claims.put(
              claim.getMetadata().getName(),
              claim.getSpec().getResources().getRequests().get("storage"));
        } else if (object instanceof StatefulSet set) {
          for (int ordinal = 0; ordinal < set.getSpec().getReplicas(); ordinal++) {
            for (var template : set.getSpec().getVolumeClaimTemplates()) {
              claims.put(
                  template.getMetadata().getName()
                      + "-"
                      + set.getMetadata().getName()
                      + "-"
                      + ordinal,
                  template.getSpec().getResources().getRequests().get("storage"));
            }
          }
        }
      }
    }
    Map<String, Quantity> volumes = new TreeMap<>();
    for (Resource resource : render(SIMULATED + "/base")) {
      if (typed(resource) instanceof PersistentVolume volume) {
        assertThat(volume.getSpec().getClaimRef().getNamespace()).isEqualTo(NAMESPACE);
        volumes.put(
            volume.getSpec().getClaimRef().getName(),
            volume.getSpec().getCapacity().get("storage"));
      }
    }

    assertThat(volumes.keySet()).isEqualTo(claims.keySet());
    claims.forEach(
        (claim, request) ->
            assertThat(volumes.get(claim).getNumericalAmount())
                .as("capacity of the volume for " + claim)
                .isGreaterThanOrEqualTo(request.getNumericalAmount()));
  }

  private static Integer replicas(HasMetadata workload) {
    return workload instanceof StatefulSet set
        ? set.getSpec().getReplicas()
        : ((Deployment) workload).getSpec().getReplicas();
  }

  /** Secret name to keys, from the README's `kubectl create secret generic` commands. */
  private static Map<String, Set<String>> documentedSecrets() throws Exception {
    String readme = Files.readString(ROOT.resolve(HOMELAB).resolve("README.md"));
    Map<String, Set<String>> secrets = new TreeMap<>();
    var command =
        Pattern.compile("create secret generic ([a-z0-9-]+)((?:\\s*\\\\?\\s*--from-\\S+)+)");
    var key = Pattern.compile("--from-(?:literal|file)=([A-Za-z0-9_.-]+)=");
    var commands = command.matcher(readme);
    while (commands.find()) {
      var keys = key.matcher(commands.group(2));
      Set<String> found = new TreeSet<>();
      while (keys.find()) {
        found.add(keys.group(1));
      }
      secrets.put(commands.group(1), found);
    }
    return secrets;
  }
}
