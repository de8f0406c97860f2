package dev.strata.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the renderer's built-in JSON data (the Kubernetes schema, kustomize's field specs) into
 * maps, lists and scalars with Jackson's streaming parser alone. Jackson's object mapper, or
 * snakeyaml on a YAML copy, would take longer to set up or warm up than a short {@code strata
 * build} takes to run.
 */
public final class JsonResources {

  private JsonResources() {}

  /**
   * The JSON document in {@code in}: {@code Map<String, Object>} (in document order), {@code
   * List<Object>}, String, a Number, Boolean or null.
   */
  public static Object read(InputStream in) throws IOException {
    try (JsonParser parser = new JsonFactory().createParser(in)) {
      if (parser.nextToken() == null) {
        throw new IOException("empty JSON document");
      }
      return value(parser);
    }
  }

  private static Object value(JsonParser parser) throws IOException {
    JsonToken token = parser.currentToken();
    if (token == null) {
      throw new IOException("unexpected end of a JSON document");
    }
    switch (token) {
      case START_OBJECT:
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          parser.nextToken();
          object.put(name, value(parser));
        }
        return object;
      case START_ARRAY:
        List<Object> array = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
          array.add(value(parser));
        }
        return array;
      case VALUE_STRING:
        return parser.getText();
      case VALUE_NUMBER_INT:
      case VALUE_NUMBER_FLOAT:
        return parser.getNumberValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      default:
        throw new IOException("unexpected " + token + " in a JSON document");
    }
  }
}
