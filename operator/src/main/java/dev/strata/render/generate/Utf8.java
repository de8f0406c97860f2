package dev.strata.render.generate;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Decodes bytes that must be UTF-8 as Go's utf8.Valid judges them. */
final class Utf8 {

  private Utf8() {}

  /**
   * The text, or empty when the bytes are not valid UTF-8 (Java's strict decoder refuses what Go
   * refuses: bad sequences, overlong forms, encoded surrogates, code points past U+10FFFF).
   */
  static Optional<String> decode(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
