// Command strata-yaml-oracle answers, for Java tests, what kustomize does with YAML, through the
// same Go code kustomize runs, so the renderer can be compared with the real thing:
//
//   - no argument: converts JSON to YAML exactly as `kustomize build` prints a resource
//     (sigs.k8s.io/yaml JSONToYAML, which re-encodes with go-yaml v2);
//   - "read": reads YAML exactly as kustomize reads a resource file (kyaml's kio.FromBytes, then
//     each document's RNode.MarshalJSON, the form every later step and the output start from).
//
// It reads one JSON value per line on stdin (in "read" mode, a JSON string holding the YAML
// text) and writes, for each, the answer followed by a line "---END---". An input the Go code
// rejects yields "---ERROR--- <message>" instead, so one bad case cannot end the stream. In
// "read" mode the answer is one line, a JSON array of the documents. go-yaml can end a document
// without a line feed (a literal block ending in a raw U+2028 or U+2029); the oracle then adds
// one and ends with "---END-NOEOL---" instead, so the caller knows to take it off again.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"sigs.k8s.io/kustomize/kyaml/kio"
	"sigs.k8s.io/yaml"
)

func main() {
	read := len(os.Args) > 1 && os.Args[1] == "read"
	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		line, err := in.ReadString('\n')
		line = strings.TrimSuffix(line, "\n")
		if line != "" {
			var answer []byte
			var failure error
			if read {
				answer, failure = readAsKustomize(line)
			} else {
				answer, failure = yaml.JSONToYAML([]byte(line))
			}
			if failure != nil {
				// Messages may span lines; keep the protocol line-based.
				fmt.Fprintf(out, "---ERROR--- %s\n", strings.ReplaceAll(failure.Error(), "\n", " "))
				out.WriteString("---END---\n")
			} else if len(answer) > 0 && answer[len(answer)-1] != '\n' {
				out.Write(answer)
				out.WriteString("\n---END-NOEOL---\n")
			} else {
				out.Write(answer)
				out.WriteString("---END---\n")
			}
			// Flush per input: the caller waits for each answer before sending more.
			if flushErr := out.Flush(); flushErr != nil {
				os.Exit(1)
			}
		}
		if err != nil {
			return
		}
	}
}

// readAsKustomize parses YAML text (given as a JSON string) into the JSON of its documents.
func readAsKustomize(line string) ([]byte, error) {
	var text string
	if err := json.Unmarshal([]byte(line), &text); err != nil {
		return nil, err
	}
	nodes, err := kio.FromBytes([]byte(text))
	if err != nil {
		return nil, err
	}
	documents := make([]json.RawMessage, 0, len(nodes))
	for _, node := range nodes {
		document, err := node.MarshalJSON()
		if err != nil {
			return nil, err
		}
		documents = append(documents, document)
	}
	answer, err := json.Marshal(documents)
	if err != nil {
		return nil, err
	}
	return append(answer, '\n'), nil
}
