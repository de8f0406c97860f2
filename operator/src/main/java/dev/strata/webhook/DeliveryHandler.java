package dev.strata.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one delivery, cheapest refusals first: unknown receiver (404), wrong method (405), over
 * the rate limit (429), secret unreadable (503), body too large (413, decided on Content-Length
 * before a byte of the body is read), bad signature (401), an event that is not a push (202, or 200
 * "pong" for GitHub's ping), a payload that is not a push (400); then it triggers the matching
 * GitSources (200 with the list) and counts the outcome.
 *
 * <p>Nothing a sender controls goes into logs before the signature is checked except the receiver
 * name, and no signature, token or secret ever does.
 */
final class DeliveryHandler implements HttpHandler {

  static final String PATH_PREFIX = "/hook/";
  static final String DELIVERIES = "strata.webhook.deliveries";

  private static final Logger log = LoggerFactory.getLogger(DeliveryHandler.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern PATH =
      Pattern.compile("^/hook/([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)/?$");
  private static final Pattern DELIVERY_ID = Pattern.compile("^[A-Za-z0-9-]{1,64}$");

  /** Requests one client address may have in progress; more are answered 429 at once. */
  static final int MAX_REQUESTS_PER_CLIENT = 4;

  /** Stands for every unknown name in metrics: sender-chosen names must not become tags. */
  private static final String UNKNOWN_RECEIVER = "unknown";

  private final Supplier<Receivers> receivers;
  private final SourceTrigger trigger;
  private final WebhookEvents events;
  private final MeterRegistry registry;
  private final long maxBodyBytes;
  private final ReceiverSpec.RateLimit defaultRateLimit;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final Map<InetAddress, Integer> inProgress = new ConcurrentHashMap<>();

  DeliveryHandler(
      Supplier<Receivers> receivers,
      SourceTrigger trigger,
      WebhookEvents events,
      MeterRegistry registry,
      long maxBodyBytes,
      ReceiverSpec.RateLimit defaultRateLimit) {
    this.receivers = receivers;
    this.trigger = trigger;
    this.events = events;
    this.registry = registry;
    this.maxBodyBytes = maxBodyBytes;
    this.defaultRateLimit = defaultRateLimit;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    // One client that sends slowly holds a worker per request until the JDK server's request
    // deadline: it may hold a few, never all of them.
    InetAddress client = exchange.getRemoteAddress().getAddress();
    int requests = inProgress.merge(client, 1, Integer::sum);
    try (exchange) {
      Reply reply;
      if (requests > MAX_REQUESTS_PER_CLIENT) {
        reply =
            new Reply(Outcome.RATE_LIMITED, UNKNOWN_RECEIVER, "too many requests in progress\n")
                .header("Retry-After", "1")
                .header("Connection", "close");
      } else {
        try {
          reply = deliver(exchange);
        } catch (RuntimeException e) {
          log.error("webhook delivery failed", e);
          reply = new Reply(Outcome.ERROR, UNKNOWN_RECEIVER, "internal error\n");
        }
      }
      count(reply);
      send(exchange, reply);
    } finally {
      inProgress.computeIfPresent(client, (address, count) -> count == 1 ? null : count - 1);
    }
  }

  private Reply deliver(HttpExchange exchange) throws IOException {
    Snapshot snapshot = find(exchange.getRequestURI().getRawPath());
    if (snapshot.receiver == null) {
      return new Reply(Outcome.NOT_FOUND, UNKNOWN_RECEIVER, "no such receiver\n");
    }
    Receiver receiver = snapshot.receiver;
    String name = receiver.name();
    if (!"POST".equals(exchange.getRequestMethod())) {
      return new Reply(Outcome.METHOD_NOT_ALLOWED, name, "use POST\n").header("Allow", "POST");
    }
    if (!bucket(receiver).tryAcquire()) {
      reject(snapshot, Outcome.RATE_LIMITED, "over the rate limit");
      return new Reply(Outcome.RATE_LIMITED, name, "rate limited\n").header("Retry-After", "1");
    }
    if (receiver.problem() != null) {
      log.warn("webhook {}: refused a delivery: {}", name, receiver.problem());
      return new Reply(Outcome.UNAVAILABLE, name, "receiver not ready\n");
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      log.warn("webhook {}: refused a body over {} bytes", name, maxBodyBytes);
      reject(snapshot, Outcome.TOO_LARGE, "body over " + maxBodyBytes + " bytes");
      return new Reply(Outcome.TOO_LARGE, name, "body too large\n").header("Connection", "close");
    }
    UnaryOperator<String> header = exchange.getRequestHeaders()::getFirst;
    if (!receiver.authenticates(body, header)) {
      log.warn(
          "webhook {}: refused a delivery from {}: missing or wrong signature",
          name,
          exchange.getRemoteAddress().getAddress().getHostAddress());
      reject(snapshot, Outcome.UNAUTHORIZED, "missing or wrong signature");
      return new Reply(Outcome.UNAUTHORIZED, name, "unauthorized\n");
    }

    // Signed: from here on the headers and body come from the Git host.
    ReceiverType type = receiver.spec().type();
    String event = type.event(header);
    String delivery = deliveryId(header);
    switch (type.kind(event)) {
      case PING:
        log.info("webhook {}: ping{}", name, delivery);
        return new Reply(Outcome.ACCEPTED, name, "pong\n");
      case OTHER:
        log.info("webhook {}: ignored event '{}'{}", name, printable(event), delivery);
        return new Reply(Outcome.IGNORED, name, "ignored event: " + printable(event) + "\n");
      case PUSH:
      default:
        break;
    }
    PushEvent push;
    try {
      push = PushPayloads.parse(type, payload(type, exchange, body));
    } catch (PushPayloads.InvalidPayload e) {
      log.warn(
          "webhook {}: {} payload refused: {}{}", name, printable(event), e.getMessage(), delivery);
      return new Reply(Outcome.BAD_REQUEST, name, e.getMessage() + "\n");
    }
    SourceTrigger.Result result = trigger.trigger(receiver.spec(), push);
    for (ObjectReference source : result.triggered()) {
      events.received(source, name, push);
    }
    List<String> triggered =
        result.triggered().stream().map(r -> r.getNamespace() + "/" + r.getName()).toList();
    log.info(
        "webhook {}: push {} of {}: triggered {}{}{}{}",
        name,
        push.ref() == null ? "(any ref)" : printable(push.ref()),
        push.repositoryUrls().isEmpty()
            ? "(any repository)"
            : printable(push.repositoryUrls().get(0)),
        triggered,
        result.suspended().isEmpty() ? "" : ", suspended " + result.suspended(),
        result.failed().isEmpty() ? "" : ", failed " + result.failed(),
        delivery);
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("receiver", name);
    answer.put("ref", push.ref());
    answer.put("triggered", triggered);
    answer.put("suspended", result.suspended());
    if (!result.failed().isEmpty()) {
      answer.put("failed", result.failed());
    }
    Outcome outcome = result.failed().isEmpty() ? Outcome.ACCEPTED : Outcome.ERROR;
    return new Reply(outcome, name, JSON.writeValueAsString(answer) + "\n")
        .header("Content-Type", "application/json");
  }

  /** The receiver the path names, with the snapshot it belongs to. */
  private Snapshot find(String rawPath) {
    Receivers current = receivers.get();
    Matcher matcher = PATH.matcher(rawPath == null ? "" : rawPath);
    return new Snapshot(current, matcher.matches() ? current.find(matcher.group(1)) : null);
  }

  private TokenBucket bucket(Receiver receiver) {
    ReceiverSpec.RateLimit limit =
        receiver.spec().rateLimit() != null ? receiver.spec().rateLimit() : defaultRateLimit;
    // A changed limit gets a fresh bucket; an unchanged one keeps its tokens across reloads.
    return buckets.compute(
        receiver.name(),
        (name, old) ->
            old != null && old.limit().equals(limit)
                ? old
                : new TokenBucket(limit, System::nanoTime));
  }

  /**
   * The body, or null when it is longer than the limit. A declared length over the limit is refused
   * before reading; a chunked body is read up to one byte past the limit.
   */
  private byte[] readBody(HttpExchange exchange) throws IOException {
    String declared = exchange.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > maxBodyBytes) {
          return null;
        }
      } catch (NumberFormatException e) {
        return null;
      }
    }
    InputStream in = exchange.getRequestBody();
    byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
    return body.length > maxBodyBytes ? null : body;
  }

  /**
   * The JSON document: GitHub may send it form-encoded as {@code payload=<json>}, signed as sent.
   */
  private static byte[] payload(ReceiverType type, HttpExchange exchange, byte[] body) {
    String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type != ReceiverType.GITHUB
        || contentType == null
        || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      return body;
    }
    for (String pair : new String(body, StandardCharsets.US_ASCII).split("&")) {
      if (pair.startsWith("payload=")) {
        return URLDecoder.decode(pair.substring("payload=".length()), StandardCharsets.UTF_8)
            .getBytes(StandardCharsets.UTF_8);
      }
    }
    return new byte[0];
  }

  private void reject(Snapshot snapshot, Outcome outcome, String reason) {
    events.rejected(snapshot.receivers.configMap(), snapshot.receiver.name(), outcome, reason);
  }

  private void count(Reply reply) {
    registry
        .counter(DELIVERIES, "receiver", reply.receiver, "outcome", reply.outcome.tag())
        .increment();
  }

  private static void send(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = reply.body.getBytes(StandardCharsets.UTF_8);
    var headers = exchange.getResponseHeaders();
    headers.set("Content-Type", "text/plain; charset=utf-8");
    reply.headers.forEach(headers::set);
    if ("HEAD".equals(exchange.getRequestMethod())) {
      exchange.sendResponseHeaders(reply.outcome.status(), -1);
      return;
    }
    exchange.sendResponseHeaders(reply.outcome.status(), bytes.length);
    var out = exchange.getResponseBody();
    out.write(bytes);
    // Before the exchange closes, which may wait on a body the sender is still sending.
    out.flush();
  }

  /** The host's delivery id, for logs, or "" when absent or odd. */
  private static String deliveryId(UnaryOperator<String> header) {
    for (String name :
        List.of(
            "X-GitHub-Delivery", "X-Gitlab-Event-UUID", "X-Gitea-Delivery", "X-Forgejo-Delivery")) {
      String value = header.apply(name);
      if (value != null && DELIVERY_ID.matcher(value).matches()) {
        return " (delivery " + value + ")";
      }
    }
    return "";
  }

  /** Keeps a sender's text on one log line and short. */
  private static String printable(String text) {
    String flat = text.replaceAll("[\\p{Cntrl}]", "?");
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }

  private record Snapshot(Receivers receivers, Receiver receiver) {}

  /** What to answer and how to count it. */
  private static final class Reply {
    final Outcome outcome;
    final String receiver;
    final String body;
    final Map<String, String> headers = new LinkedHashMap<>();

    Reply(Outcome outcome, String receiver, String body) {
      this.outcome = outcome;
      this.receiver = receiver;
      this.body = body;
    }

    Reply header(String name, String value) {
      headers.put(name, value);
      return this;
    }
  }
}
