package dev.strata.source;

import java.io.IOException;
import java.io.StringReader;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;

/**
 * Accepts an SSH server only when known_hosts (from the GitSource's Secret) lists its host with the
 * key it presents; never asks, never learns. Remembers why it refused, so the failure can say
 * whether the host is unknown or its key changed.
 */
final class KnownHostsVerifier implements ServerKeyDatabase {

  /** What the last check found. */
  enum Verdict {
    NOT_CHECKED,
    ACCEPTED,
    UNKNOWN_HOST,
    KEY_MISMATCH
  }

  private final List<KnownHostEntry> entries;
  private volatile Verdict verdict = Verdict.NOT_CHECKED;
  private volatile String presentedKey = "";
  private volatile String host = "";

  private KnownHostsVerifier(List<KnownHostEntry> entries) {
    this.entries = entries;
  }

  static KnownHostsVerifier parse(String knownHosts) throws SourceFailure {
    try {
      var entries = KnownHostEntry.readKnownHostEntries(new StringReader(knownHosts), true);
      if (entries == null || entries.isEmpty()) {
        throw new SourceFailure(
            SourceFailure.Reason.INVALID_SOURCE,
            "known_hosts has no entries; add the server's host keys (ssh-keyscan HOST)");
      }
      return new KnownHostsVerifier(List.copyOf(entries));
    } catch (IOException | RuntimeException e) {
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE,
          "known_hosts cannot be parsed: " + e.getMessage(),
          e);
    }
  }

  @Override
  public List<PublicKey> lookup(
      String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
    List<PublicKey> keys = new ArrayList<>();
    for (KnownHostEntry entry : matching(connectAddress, remoteAddress)) {
      PublicKey key = keyOf(entry);
      if (key != null) {
        keys.add(key);
      }
    }
    return keys;
  }

  @Override
  public boolean accept(
      String connectAddress,
      InetSocketAddress remoteAddress,
      PublicKey serverKey,
      Configuration config,
      CredentialsProvider provider) {
    host =
        hostOf(connectAddress)
            + (remoteAddress.getPort() == 22 ? "" : ":" + remoteAddress.getPort());
    presentedKey = KeyUtils.getKeyType(serverKey) + " " + KeyUtils.getFingerPrint(serverKey);
    List<KnownHostEntry> listed = matching(connectAddress, remoteAddress);
    if (listed.isEmpty()) {
      verdict = Verdict.UNKNOWN_HOST;
      return false;
    }
    boolean match =
        listed.stream()
            .map(KnownHostsVerifier::keyOf)
            .anyMatch(k -> k != null && KeyUtils.compareKeys(k, serverKey));
    verdict = match ? Verdict.ACCEPTED : Verdict.KEY_MISMATCH;
    return match;
  }

  Verdict verdict() {
    return verdict;
  }

  /** Explains a refusal, naming the host and the key it presented. */
  SourceFailure failure() {
    return switch (verdict) {
      case UNKNOWN_HOST ->
          new SourceFailure(
              SourceFailure.Reason.HOST_KEY_UNKNOWN,
              "host key of "
                  + host
                  + " ("
                  + presentedKey
                  + ") is not in known_hosts; add the line from `ssh-keyscan "
                  + host
                  + "` to the Secret's known_hosts after checking the fingerprint");
      case KEY_MISMATCH ->
          new SourceFailure(
              SourceFailure.Reason.HOST_KEY_MISMATCH,
              "host key of "
                  + host
                  + " ("
                  + presentedKey
                  + ") does not match known_hosts: the server's key changed or someone is"
                  + " intercepting the connection; update known_hosts only after verifying the"
                  + " new key");
      default -> null;
    };
  }

  private List<KnownHostEntry> matching(String connectAddress, InetSocketAddress remoteAddress) {
    String name = hostOf(connectAddress);
    int port = remoteAddress.getPort();
    return entries.stream().filter(e -> e.isHostMatch(name, port)).toList();
  }

  /** The host part of "host", "host:port" or "[host]:port". */
  private static String hostOf(String connectAddress) {
    if (connectAddress.startsWith("[")) {
      return connectAddress.substring(1, connectAddress.indexOf(']'));
    }
    int colon = connectAddress.lastIndexOf(':');
    return colon > 0 && connectAddress.indexOf(':') == colon
        ? connectAddress.substring(0, colon)
        : connectAddress;
  }

  private static PublicKey keyOf(KnownHostEntry entry) {
    try {
      return entry.getKeyEntry() == null
          ? null
          : entry.getKeyEntry().resolvePublicKey(null, PublicKeyEntryResolver.IGNORING);
    } catch (IOException | GeneralSecurityException e) {
      return null;
    }
  }
}
