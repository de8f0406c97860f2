// Oracle for the renderer's YAML writer tests: prints what kustomize prints for a resource.
module strata.dev/hack/yaml-oracle

go 1.26.0

require sigs.k8s.io/yaml v1.5.0

require go.yaml.in/yaml/v2 v2.4.2 // indirect
