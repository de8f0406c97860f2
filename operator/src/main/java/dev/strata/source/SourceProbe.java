package dev.strata.source;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.transport.URIish;

/**
 * Diagnoses a remote phase by phase, as a person would by hand: DNS, TCP connect, TLS or SSH
 * handshake, authentication with the ref advertisement, then the pack transfer with its throughput
 * and where it stalls. Stops at the first phase that fails and says what to look at.
 */
public final class SourceProbe {

  /** One phase's outcome. */
  public record Step(String phase, boolean ok, String detail, Duration took) {}

  private final Consumer<Step> listener;

  /** A probe that reports each step as it completes. */
  public SourceProbe(Consumer<Step> listener) {
    this.listener = listener;
  }

  /** Runs every phase until one fails; returns all steps. The transfer goes to a scratch store. */
  public List<Step> probe(FetchRequest request, Consumer<FetchProgress> progress) {
    List<Step> steps = new ArrayList<>();
    TransportSetup.Scheme scheme;
    URIish uri;
    try {
      scheme = TransportSetup.schemeOf(request.url());
      uri = new URIish(request.url());
    } catch (SourceFailure | URISyntaxException e) {
      report(steps, new Step("url", false, e.getMessage(), Duration.ZERO));
      return steps;
    }
    if (scheme != TransportSetup.Scheme.FILE) {
      int port = uri.getPort() > 0 ? uri.getPort() : defaultPort(scheme, uri);
      InetAddress address = dns(steps, uri.getHost());
      if (address == null || !tcp(steps, address, port, request.stallTimeout())) {
        return steps;
      }
      if (scheme == TransportSetup.Scheme.HTTP
          && "https".equals(uri.getScheme())
          && !tls(steps, uri.getHost(), address, port, request.stallTimeout())) {
        return steps;
      }
      if (scheme == TransportSetup.Scheme.SSH
          && !sshBanner(steps, address, port, request.stallTimeout())) {
        return steps;
      }
    }
    if (!refs(steps, request)) {
      return steps;
    }
    transfer(steps, request, progress);
    return steps;
  }

  private InetAddress dns(List<Step> steps, String host) {
    long start = System.nanoTime();
    try {
      InetAddress[] addresses = InetAddress.getAllByName(host);
      report(
          steps,
          new Step(
              "dns",
              true,
              host
                  + " → "
                  + Arrays.stream(addresses)
                      .map(InetAddress::getHostAddress)
                      .collect(Collectors.joining(", ")),
              since(start)));
      return addresses[0];
    } catch (IOException e) {
      report(
          steps,
          new Step(
              "dns",
              false,
              "cannot resolve "
                  + host
                  + ": "
                  + e.getMessage()
                  + "; check the host name and the resolver (in a pod: CoreDNS, NetworkPolicy egress to DNS)",
              since(start)));
      return null;
    }
  }

  private boolean tcp(List<Step> steps, InetAddress address, int port, Duration timeout) {
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      report(
          steps,
          new Step(
              "tcp", true, address.getHostAddress() + ":" + port + " connected", since(start)));
      return true;
    } catch (IOException e) {
      report(
          steps,
          new Step(
              "tcp",
              false,
              "cannot connect to "
                  + address.getHostAddress()
                  + ":"
                  + port
                  + ": "
                  + e.getMessage()
                  + "; check firewalls, egress NetworkPolicies and proxies",
              since(start)));
      return false;
    }
  }

  private boolean tls(
      List<Step> steps, String host, InetAddress address, int port, Duration timeout) {
    long start = System.nanoTime();
    try (Socket plain = new Socket()) {
      plain.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      try (SSLSocket socket =
          (SSLSocket)
              ((SSLSocketFactory) SSLSocketFactory.getDefault())
                  .createSocket(plain, host, port, false)) {
        socket.setSoTimeout((int) timeout.toMillis());
        socket.startHandshake();
        var certificate = (X509Certificate) socket.getSession().getPeerCertificates()[0];
        report(
            steps,
            new Step(
                "tls",
                true,
                socket.getSession().getProtocol()
                    + ", certificate "
                    + certificate.getSubjectX500Principal().getName()
                    + " issued by "
                    + certificate.getIssuerX500Principal().getName()
                    + ", valid until "
                    + certificate.getNotAfter().toInstant(),
                since(start)));
        return true;
      }
    } catch (IOException e) {
      report(
          steps,
          new Step(
              "tls",
              false,
              "TLS handshake with "
                  + host
                  + " failed: "
                  + e.getMessage()
                  + "; a private CA goes in the Secret's ca.crt",
              since(start)));
      return false;
    }
  }

  private boolean sshBanner(List<Step> steps, InetAddress address, int port, Duration timeout) {
    long start = System.nanoTime();
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      socket.setSoTimeout((int) timeout.toMillis());
      var reader =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      String banner = reader.readLine();
      boolean ok = banner != null && banner.startsWith("SSH-");
      report(
          steps,
          new Step(
              "ssh",
              ok,
              ok
                  ? "server " + banner.trim()
                  : "no SSH banner (got " + banner + "); is this port an SSH server?",
              since(start)));
      return ok;
    } catch (IOException e) {
      report(steps, new Step("ssh", false, "no SSH banner: " + e.getMessage(), since(start)));
      return false;
    }
  }

  private boolean refs(List<Step> steps, FetchRequest request) {
    long start = System.nanoTime();
    try (TransportSetup transport = TransportSetup.forRequest(request)) {
      Map<String, Ref> refs;
      try {
        refs = RemoteRefs.list(request, transport, false);
      } catch (Exception e) {
        throw Failures.classify(e, request.url(), request.stallTimeout(), transport);
      }
      var resolved = RemoteRefs.resolve(request.ref(), refs, request.url());
      report(
          steps,
          new Step(
              "auth+refs",
              true,
              refs.size() + " refs advertised; " + resolved.revision(),
              since(start)));
      return true;
    } catch (SourceFailure e) {
      report(
          steps,
          new Step(
              "auth+refs",
              false,
              e.reason().conditionReason() + ": " + e.getMessage(),
              since(start)));
      return false;
    }
  }

  private void transfer(List<Step> steps, FetchRequest request, Consumer<FetchProgress> progress) {
    long start = System.nanoTime();
    Path scratch = null;
    FetchProgress[] last = {null};
    try {
      scratch = Files.createTempDirectory("strata-probe-");
      var result =
          new GitFetcher(new ObjectStore(scratch))
              .fetch(
                  "probe",
                  request,
                  p -> {
                    last[0] = p;
                    progress.accept(p);
                  });
      Duration took = since(start);
      long rate = result.bytesReceived() * 1000 / Math.max(1, took.toMillis());
      report(
          steps,
          new Step(
              "transfer",
              true,
              Bytes.format(result.bytesReceived())
                  + " in "
                  + result.chunks()
                  + " chunk(s) at "
                  + Bytes.format(rate)
                  + "/s ("
                  + result.mode().label()
                  + " mode, "
                  + result.retries()
                  + " retries)",
              took));
    } catch (SourceFailure e) {
      String where = last[0] == null ? "" : " (last progress: " + last[0].message() + ")";
      report(
          steps,
          new Step(
              "transfer",
              false,
              e.reason().conditionReason() + ": " + e.getMessage() + where,
              since(start)));
    } catch (IOException e) {
      report(
          steps,
          new Step(
              "transfer", false, "cannot create a scratch store: " + e.getMessage(), since(start)));
    } finally {
      if (scratch != null) {
        try {
          new ObjectStore(scratch).delete("probe");
          Files.deleteIfExists(scratch);
        } catch (IOException e) {
          // a leftover temp directory is harmless
        }
      }
    }
  }

  private void report(List<Step> steps, Step step) {
    steps.add(step);
    listener.accept(step);
  }

  private static int defaultPort(TransportSetup.Scheme scheme, URIish uri) {
    return switch (scheme) {
      case SSH -> 22;
      case GIT -> 9418;
      case HTTP -> "https".equals(uri.getScheme()) ? 443 : 80;
      case FILE -> 0;
    };
  }

  private static Duration since(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }
}
