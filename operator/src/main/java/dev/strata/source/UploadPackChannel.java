package dev.strata.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Carries an {@link UploadPackSession}'s requests to a remote's upload-pack and its replies back:
 * one connection for git:// and SSH ({@link StreamChannel}), one HTTP request per command for smart
 * HTTP ({@link HttpChannel}).
 */
interface UploadPackChannel extends AutoCloseable {

  /** The server's greeting, then the reply to each request once {@link #endRequest()} sent it. */
  InputStream in();

  /** Where a request is written. */
  OutputStream out();

  /** Sends the request written so far; its reply follows on {@link #in()}. */
  void endRequest() throws IOException;

  /** Whether each request stands alone (HTTP), so that there is no session to end. */
  boolean stateless();

  /** What the server said besides the protocol (SSH's error stream), trimmed; may be empty. */
  String messages();

  @Override
  void close();
}
