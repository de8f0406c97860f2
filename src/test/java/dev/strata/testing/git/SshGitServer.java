package dev.strata.testing.git;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenSSH's sshd on loopback, serving Git through git-shell to holders of one authorized key: a
 * deploy key, as GitHub would hold it.
 */
public final class SshGitServer implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path directory;

  private SshGitServer(Process process, int port, Path directory) {
    this.process = process;
    this.port = port;
    this.directory = directory;
  }

  /** Whether this machine has sshd (Debian's openssh-server). */
  public static boolean available() {
    return Files.isExecutable(Path.of("/usr/sbin/sshd"));
  }

  /**
   * Starts sshd accepting the given public key (one authorized_keys line's key part), passing the
   * client's {@code GIT_PROTOCOL} on so that Git speaks protocol v2, as GitHub and GitLab do.
   */
  public static SshGitServer start(Path directory, String authorizedPublicKey)
      throws IOException, InterruptedException {
    return start(directory, authorizedPublicKey, true);
  }

  /**
   * Starts sshd accepting the given public key; without {@code protocolV2}, sshd drops {@code
   * GIT_PROTOCOL} (OpenSSH's default), so Git answers in protocol v0.
   */
  public static SshGitServer start(Path directory, String authorizedPublicKey, boolean protocolV2)
      throws IOException, InterruptedException {
    Files.createDirectories(directory);
    Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege-separation directory
    Path hostKey = directory.resolve("ssh_host_ed25519_key");
    if (!Files.exists(hostKey)) {
      keygen(hostKey, "ed25519", "");
    }
    Path authorizedKeys = directory.resolve("authorized_keys");
    Files.writeString(
        authorizedKeys,
        "restrict,command=\"/usr/bin/git-shell -c \\\"$SSH_ORIGINAL_COMMAND\\\"\" "
            + authorizedPublicKey
            + "\n");
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = directory.resolve("sshd_config");
    Files.write(
        config,
        List.of(
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + hostKey,
            "AuthorizedKeysFile " + authorizedKeys,
            "PidFile " + directory.resolve("sshd.pid"),
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "PermitRootLogin prohibit-password",
            "StrictModes no",
            "UsePAM no",
            protocolV2 ? "AcceptEnv GIT_PROTOCOL" : "AcceptEnv LANG"),
        StandardCharsets.UTF_8);
    Process process =
        new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("sshd.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (true) {
      try (var probe = new Socket("127.0.0.1", port)) {
        return new SshGitServer(process, port, directory);
      } catch (IOException e) {
        if (!process.isAlive() || Instant.now().isAfter(deadline)) {
          process.destroyForcibly();
          throw new IOException(
              "sshd did not start: " + Files.readString(directory.resolve("sshd.log")), e);
        }
        Thread.sleep(50);
      }
    }
  }

  /** Generates a key pair with ssh-keygen; returns the public key line. */
  public static String keygen(Path privateKey, String type, String passphrase)
      throws IOException, InterruptedException {
    Files.deleteIfExists(privateKey);
    Files.deleteIfExists(Path.of(privateKey + ".pub"));
    Process process =
        new ProcessBuilder(
                "ssh-keygen",
                "-q",
                "-t",
                type,
                "-N",
                passphrase,
                "-C",
                "strata-test",
                "-f",
                privateKey.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("ssh-keygen failed: " + output);
    }
    return Files.readString(Path.of(privateKey + ".pub")).trim();
  }

  /** A known_hosts line for this server's host key. */
  public String knownHostsLine() throws IOException {
    String[] key =
        Files.readString(directory.resolve("ssh_host_ed25519_key.pub")).trim().split(" ");
    return "[127.0.0.1]:" + port + " " + key[0] + " " + key[1];
  }

  /** The ssh:// URL of a bare repository on this machine. */
  public String url(Path bareRepository) {
    return "ssh://root@127.0.0.1:" + port + bareRepository.toAbsolutePath();
  }

  public int port() {
    return port;
  }

  /** SSH connections authenticated so far, as sshd's log counts them. */
  public long connections() throws IOException {
    return Files.readAllLines(directory.resolve("sshd.log")).stream()
        .filter(line -> line.startsWith("Accepted publickey"))
        .count();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
