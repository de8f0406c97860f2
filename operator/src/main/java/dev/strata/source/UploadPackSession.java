package dev.strata.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.PackProtocolException;
import org.eclipse.jgit.errors.RemoteRepositoryException;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectIdRef;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.PackParser;
import org.eclipse.jgit.transport.URIish;

/**
 * Speaks Git's protocol v2 to one upload-pack over a stateful connection, so that one session lists
 * the refs and then runs as many fetch commands as a fetch needs, each pack going straight into the
 * repository. JGit allows one fetch per connection; this is the part it lacks.
 *
 * <p>A server that answers in protocol v0 (an SSH server that drops {@code GIT_PROTOCOL}) still
 * gives its refs, but no commands: {@link #canRunCommands()} is then false.
 */
final class UploadPackSession implements AutoCloseable {

  private static final String DELIMITER = "\u0000delim";
  private static final String FLUSH = "\u0000flush";
  private static final int BAND_DATA = 1;
  private static final int BAND_PROGRESS = 2;
  private static final int BAND_ERROR = 3;

  private final UploadPackChannel channel;
  private final URIish uri;
  private final InputStream in;
  private final OutputStream out;
  private final Set<String> fetchFeatures = new HashSet<>();
  private Map<String, Ref> advertisedRefs;
  private boolean v2;
  private long maxObjectBytes;
  private long maxPackBytes;

  private UploadPackSession(UploadPackChannel channel, URIish uri) {
    this.channel = channel;
    this.uri = uri;
    this.in = channel.in();
    this.out = channel.out();
  }

  /** Reads the server's greeting on a new channel; closes the channel if that fails. */
  static UploadPackSession start(UploadPackChannel channel, URIish uri) throws IOException {
    var session = new UploadPackSession(channel, uri);
    try {
      session.readGreeting();
      return session;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** Whether the server speaks protocol v2, so that ls-refs and fetch commands can follow. */
  boolean canRunCommands() {
    return v2;
  }

  /** Whether the server's fetch takes an object filter ({@code blob:none}). */
  boolean canFilter() {
    return fetchFeatures.contains("filter");
  }

  /**
   * Bounds the packs that follow: an object larger than {@code objectBytes}, or a pack larger than
   * {@code packBytes}, stops the pack as soon as its header says so (0: no bound).
   */
  void limit(long objectBytes, long packBytes) {
    this.maxObjectBytes = objectBytes;
    this.maxPackBytes = packBytes;
  }

  /**
   * The refs whose names start with one of the prefixes (all refs when none), annotated tags with
   * their peeled commit. On a v0 server, the refs it advertised.
   */
  Map<String, Ref> listRefs(List<String> prefixes) throws IOException {
    if (!v2) {
      return advertisedRefs;
    }
    beginCommand("ls-refs");
    writeLine("peel");
    for (String prefix : prefixes) {
      writeLine("ref-prefix " + prefix);
    }
    writeFlush();
    Map<String, Ref> refs = new LinkedHashMap<>();
    for (String line = readLine(); !line.equals(FLUSH); line = readLine()) {
      String[] fields = line.split(" ");
      if (fields.length < 2 || !ObjectId.isId(fields[0])) {
        throw new PackProtocolException(uri, "unexpected ls-refs line: " + line);
      }
      ObjectId id = ObjectId.fromString(fields[0]);
      ObjectId peeled = null;
      for (int i = 2; i < fields.length; i++) {
        if (fields[i].startsWith("peeled:")) {
          peeled = ObjectId.fromString(fields[i].substring("peeled:".length()));
        }
      }
      refs.put(
          fields[1],
          peeled == null
              ? new ObjectIdRef.PeeledNonTag(Ref.Storage.NETWORK, fields[1], id)
              : new ObjectIdRef.PeeledTag(Ref.Storage.NETWORK, fields[1], id, peeled));
    }
    return refs;
  }

  /**
   * Runs one fetch command and stores the pack it returns in the repository, with the shallow
   * boundary the server reports. {@code depth} 0 means no deepening; {@code haves} are commits the
   * repository holds completely.
   */
  void fetch(
      Repository repository,
      Collection<ObjectId> wants,
      Collection<ObjectId> haves,
      int depth,
      boolean withoutBlobs)
      throws IOException {
    if (!v2) {
      throw new IllegalStateException("protocol v0 sessions run no commands");
    }
    if (depth > 0 && !fetchFeatures.contains("shallow")) {
      throw new PackProtocolException(uri, "the server cannot do shallow fetches");
    }
    Set<ObjectId> shallow = new HashSet<>(repository.getObjectDatabase().getShallowCommits());
    beginCommand("fetch");
    writeLine("thin-pack");
    writeLine("no-progress");
    writeLine("ofs-delta");
    if (depth > 0) {
      writeLine("deepen " + depth);
    }
    if (withoutBlobs) {
      writeLine("filter blob:none");
    }
    for (ObjectId commit : shallow) {
      writeLine("shallow " + commit.name());
    }
    for (ObjectId want : wants) {
      writeLine("want " + want.name());
    }
    for (ObjectId have : haves) {
      writeLine("have " + have.name());
    }
    writeLine("done");
    writeFlush();

    // Sections: shallow-info, wanted-refs, packfile-uris, packfile; the pack comes last.
    while (true) {
      String section = readLine();
      switch (section) {
        case "shallow-info" -> readShallowInfo(shallow);
        case "packfile" -> {
          receivePack(repository);
          if (!shallow.equals(repository.getObjectDatabase().getShallowCommits())) {
            repository.getObjectDatabase().setShallowCommits(shallow);
          }
          return;
        }
        case FLUSH -> throw new PackProtocolException(uri, "the server sent no pack");
        default -> skipSection();
      }
    }
  }

  /** Ends the session politely (an empty request) and closes the connection. */
  @Override
  public void close() {
    try {
      if (v2 && !channel.stateless()) {
        writeFlush();
      }
    } catch (IOException e) {
      // The connection is gone already.
    } finally {
      channel.close();
    }
  }

  private void readGreeting() throws IOException {
    String first;
    try {
      first = readLine();
    } catch (EOFException e) {
      // What JGit says when the server hangs up before any advertisement.
      String messages = channel.messages();
      throw new NoRemoteRepositoryException(uri, messages.isEmpty() ? "not found." : messages);
    }
    if (first.equals("version 1")) {
      first = readLine();
    }
    if (first.equals("version 2")) {
      v2 = true;
      for (String line = readLine(); !line.equals(FLUSH); line = readLine()) {
        if (line.startsWith("fetch=")) {
          fetchFeatures.addAll(List.of(line.substring("fetch=".length()).split(" ")));
        } else if (line.startsWith("object-format=") && !line.endsWith("=sha1")) {
          throw new PackProtocolException(uri, "unsupported " + line);
        }
      }
      return;
    }
    advertisedRefs = readAdvertisementV0(first);
  }

  /** Protocol v0's ref advertisement: "id name", the first with capabilities after a NUL. */
  private Map<String, Ref> readAdvertisementV0(String first) throws IOException {
    Map<String, Ref> refs = new LinkedHashMap<>();
    for (String line = first; !line.equals(FLUSH); line = readLine()) {
      int nul = line.indexOf('\0');
      String entry = nul >= 0 ? line.substring(0, nul) : line;
      int space = entry.indexOf(' ');
      if (space != 40 || !ObjectId.isId(entry.substring(0, 40))) {
        throw new PackProtocolException(uri, "unexpected ref advertisement line: " + line);
      }
      String name = entry.substring(41);
      if (!name.equals("capabilities^{}")) {
        refs.put(
            name,
            new ObjectIdRef.Unpeeled(
                Ref.Storage.NETWORK, name, ObjectId.fromString(entry.substring(0, 40))));
      }
    }
    return refs;
  }

  private void readShallowInfo(Set<ObjectId> shallow) throws IOException {
    for (String line = readLine(); !line.equals(DELIMITER); line = readLine()) {
      if (line.equals(FLUSH)) {
        throw new PackProtocolException(uri, "the server sent no pack");
      }
      if (line.startsWith("shallow ")) {
        shallow.add(ObjectId.fromString(line.substring("shallow ".length())));
      } else if (line.startsWith("unshallow ")) {
        shallow.remove(ObjectId.fromString(line.substring("unshallow ".length())));
      }
    }
  }

  private void skipSection() throws IOException {
    for (String line = readLine(); !line.equals(DELIMITER); line = readLine()) {
      if (line.equals(FLUSH)) {
        throw new PackProtocolException(uri, "the server sent no pack");
      }
    }
  }

  /** Parses the side-band pack into the repository, then reads to the response's end. */
  private void receivePack(Repository repository) throws IOException {
    var pack = new SideBandStream();
    try (ObjectInserter inserter = repository.newObjectInserter()) {
      PackParser parser = inserter.newPackParser(pack);
      parser.setAllowThin(true);
      if (maxObjectBytes > 0) {
        parser.setMaxObjectSizeLimit(maxObjectBytes);
      }
      parser.parse(NullProgressMonitor.INSTANCE);
      inserter.flush();
    }
    pack.drain();
  }

  private void beginCommand(String command) throws IOException {
    writeLine("command=" + command);
    writeDelimiter();
  }

  private void writeLine(String line) throws IOException {
    byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
    out.write(String.format("%04x", bytes.length + 4).getBytes(StandardCharsets.US_ASCII));
    out.write(bytes);
  }

  private void writeDelimiter() throws IOException {
    out.write("0001".getBytes(StandardCharsets.US_ASCII));
  }

  /** Ends a request with a flush-pkt and sends it. */
  private void writeFlush() throws IOException {
    out.write("0000".getBytes(StandardCharsets.US_ASCII));
    channel.endRequest();
  }

  /** One pkt-line's length field: the payload's length, or -1 for flush, -2 for delimiter. */
  private int readLength() throws IOException {
    byte[] header = in.readNBytes(4);
    if (header.length < 4) {
      String messages = channel.messages();
      throw new EOFException(
          "the remote hung up unexpectedly" + (messages.isEmpty() ? "" : ": " + messages));
    }
    int length;
    try {
      length = Integer.parseInt(new String(header, StandardCharsets.US_ASCII), 16);
    } catch (NumberFormatException e) {
      throw new PackProtocolException(
          uri, "invalid pkt-line length " + new String(header, StandardCharsets.US_ASCII));
    }
    return switch (length) {
      case 0 -> -1;
      case 1 -> -2;
      case 2, 3 -> throw new PackProtocolException(uri, "invalid pkt-line length " + length);
      default -> length - 4;
    };
  }

  private byte[] readPayload(int length) throws IOException {
    byte[] payload = in.readNBytes(length);
    if (payload.length < length) {
      throw new EOFException("the remote hung up unexpectedly mid-packet");
    }
    return payload;
  }

  /** A text pkt-line without its newline, or {@link #FLUSH} / {@link #DELIMITER}. */
  private String readLine() throws IOException {
    int length = readLength();
    if (length == -1) {
      return FLUSH;
    }
    if (length == -2) {
      return DELIMITER;
    }
    String line = new String(readPayload(length), StandardCharsets.UTF_8);
    if (line.endsWith("\n")) {
      line = line.substring(0, line.length() - 1);
    }
    if (line.startsWith("ERR ")) {
      throw new RemoteRepositoryException(uri, line.substring("ERR ".length()));
    }
    return line;
  }

  /** The pack data of band 1, ending at the response's flush; band 3 is the server's error. */
  private final class SideBandStream extends InputStream {
    private byte[] packet = new byte[0];
    private int position;
    private boolean ended;
    private long packBytes;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      while (position == packet.length) {
        if (ended || !nextPacket()) {
          return -1;
        }
      }
      int n = Math.min(length, packet.length - position);
      System.arraycopy(packet, position, buffer, offset, n);
      position += n;
      return n;
    }

    /** Reads to the response's flush, past anything the pack parser left. */
    void drain() throws IOException {
      while (!ended) {
        position = packet.length;
        nextPacket();
      }
    }

    private boolean nextPacket() throws IOException {
      int length = readLength();
      if (length == -1) {
        ended = true;
        return false;
      }
      if (length < 0) {
        throw new PackProtocolException(uri, "unexpected delimiter in the pack");
      }
      byte[] payload = readPayload(length);
      if (payload.length == 0) {
        throw new PackProtocolException(uri, "empty side-band packet");
      }
      switch (payload[0]) {
        case BAND_DATA -> {
          packBytes += payload.length - 1;
          if (maxPackBytes > 0 && packBytes > maxPackBytes) {
            throw new org.eclipse.jgit.errors.TooLargePackException(maxPackBytes);
          }
          packet = payload;
          position = 1;
        }
        case BAND_PROGRESS -> {
          packet = payload;
          position = payload.length;
        }
        case BAND_ERROR ->
            throw new RemoteRepositoryException(
                uri, new String(payload, 1, payload.length - 1, StandardCharsets.UTF_8).trim());
        default -> throw new PackProtocolException(uri, "unknown side-band " + payload[0]);
      }
      return true;
    }
  }
}
