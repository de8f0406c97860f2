// Command strata-yaml-oracle converts JSON to YAML exactly as `kustomize build` prints a
// resource (sigs.k8s.io/yaml JSONToYAML, which re-encodes with go-yaml v2), so Java tests
// can compare their YAML writer against the real thing.
//
// It reads one JSON value per line on stdin and writes, for each, the YAML followed by a
// line "---END---". A value JSONToYAML rejects yields "---ERROR--- <message>" instead of
// the YAML, so one bad case cannot end the stream. go-yaml can end a document without a
// line feed (a literal block ending in a raw U+2028 or U+2029); the oracle then adds one
// and ends with "---END-NOEOL---" instead, so the caller knows to take it off again.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"

	"sigs.k8s.io/yaml"
)

func main() {
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		line, err := in.ReadString('\n')
		line = strings.TrimSuffix(line, "\n")
		if line != "" {
			y, convErr := yaml.JSONToYAML([]byte(line))
			if convErr != nil {
				// Messages may span lines; keep the protocol line-based.
				fmt.Fprintf(out, "---ERROR--- %s\n", strings.ReplaceAll(convErr.Error(), "\n", " "))
				out.WriteString("---END---\n")
			} else if len(y) > 0 && y[len(y)-1] != '\n' {
				out.Write(y)
				out.WriteString("\n---END-NOEOL---\n")
			} else {
				out.Write(y)
				out.WriteString("---END---\n")
			}
			// Flush per document: the caller waits for each answer before sending more.
			if flushErr := out.Flush(); flushErr != nil {
				os.Exit(1)
			}
		}
		if err != nil {
			return
		}
	}
}
