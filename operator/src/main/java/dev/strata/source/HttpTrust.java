package dev.strata.source;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * Trusts a GitSource's own CA certificates (the Secret's ca.crt) for HTTPS, in addition to the
 * system's. JGit's HTTP connection factory is process-wide, so the extra trust is scoped to the
 * thread that runs the fetch.
 */
final class HttpTrust {

  /** Work that runs with a scope's trust in effect. */
  interface Action<T> {
    T run() throws Exception;
  }

  private static final ThreadLocal<TrustManager[]> CURRENT = new ThreadLocal<>();

  static {
    HttpTransport.setConnectionFactory(new ScopedFactory(new JDKHttpConnectionFactory()));
  }

  private HttpTrust() {}

  /** Trust for the given PEM certificates plus the JVM's default trust store. */
  static Scope scope(String pemCertificates) throws SourceFailure {
    try {
      Collection<? extends Certificate> certificates =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(
                  new ByteArrayInputStream(pemCertificates.getBytes(StandardCharsets.UTF_8)));
      if (certificates.isEmpty()) {
        throw new SourceFailure(
            SourceFailure.Reason.INVALID_SOURCE, "the Secret's ca.crt holds no PEM certificate");
      }
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      int index = 0;
      for (Certificate certificate : certificates) {
        store.setCertificateEntry("source-ca-" + index++, certificate);
      }
      List<X509TrustManager> managers = new ArrayList<>();
      managers.add(x509(store));
      managers.add(x509(null));
      return new Scope(new TrustManager[] {new CombinedTrustManager(managers)});
    } catch (GeneralSecurityException | IOException e) {
      throw new SourceFailure(
          SourceFailure.Reason.INVALID_SOURCE,
          "the Secret's ca.crt cannot be read: " + e.getMessage(),
          e);
    }
  }

  private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
    var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager x509) {
        return x509;
      }
    }
    throw new GeneralSecurityException("no X.509 trust manager available");
  }

  /** The trust of one fetch. */
  static final class Scope {
    private final TrustManager[] trustManagers;

    private Scope(TrustManager[] trustManagers) {
      this.trustManagers = trustManagers;
    }

    /** Sockets that trust what this scope trusts, for a plain HTTPS download. */
    javax.net.ssl.SSLSocketFactory socketFactory() throws GeneralSecurityException {
      var context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(null, trustManagers, null);
      return context.getSocketFactory();
    }

    <T> T run(Action<T> action) throws Exception {
      CURRENT.set(trustManagers);
      try {
        return action.run();
      } finally {
        CURRENT.remove();
      }
    }
  }

  /** Accepts a chain that any of its managers accepts. */
  private static final class CombinedTrustManager implements X509TrustManager {
    private final List<X509TrustManager> managers;

    CombinedTrustManager(List<X509TrustManager> managers) {
      this.managers = managers;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      managers.get(managers.size() - 1).checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws java.security.cert.CertificateException {
      java.security.cert.CertificateException last = null;
      for (X509TrustManager manager : managers) {
        try {
          manager.checkServerTrusted(chain, authType);
          return;
        } catch (java.security.cert.CertificateException e) {
          last = e;
        }
      }
      throw last;
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return managers.stream()
          .flatMap(m -> java.util.Arrays.stream(m.getAcceptedIssuers()))
          .toArray(X509Certificate[]::new);
    }
  }

  /** Delegates to JGit's JDK factory and applies the current thread's trust, if any. */
  private static final class ScopedFactory implements HttpConnectionFactory2 {
    private final JDKHttpConnectionFactory delegate;

    ScopedFactory(JDKHttpConnectionFactory delegate) {
      this.delegate = delegate;
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
      return withTrust(delegate.create(url));
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
      return withTrust(delegate.create(url, proxy));
    }

    @Override
    public GitSession newSession() {
      return delegate.newSession();
    }

    private static HttpConnection withTrust(HttpConnection connection) throws IOException {
      TrustManager[] trust = CURRENT.get();
      if (trust != null) {
        try {
          connection.configure(null, trust, null);
        } catch (GeneralSecurityException e) {
          throw new IOException("cannot apply the source's CA certificates", e);
        }
      }
      return connection;
    }
  }
}
