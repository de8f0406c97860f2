package dev.strata.notify;

import dev.strata.webhook.TokenBucket;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications off the reconcile path. {@link #publish} picks the providers that select a
 * notification, takes a token from each one's bucket and queues a delivery, all without blocking: a
 * full queue drops its oldest delivery. A few sender threads post; a failed post (no answer within
 * {@link Limits#requestTimeout}, a 5xx or 429) is tried again after 1, 2, 4... seconds until {@link
 * Limits#deadline} after the first try, and a 4xx is not tried again.
 *
 * <p>Counter {@code strata_notifications_total{provider, outcome}} counts each delivery's end:
 * {@code sent}, {@code failed}, {@code dropped} (queue full), {@code rate_limited}. The same
 * notification twice within {@link #REPEAT_WINDOW} is sent once.
 */
final class Dispatcher implements Notifier, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
  static final String METRIC = "strata.notifications";

  /**
   * The same notification again within this window is not sent again: a source that keeps failing
   * is retried every minute, and a person needs to hear it once.
   */
  static final Duration REPEAT_WINDOW = Duration.ofMinutes(10);

  /**
   * How deliveries are bounded.
   *
   * @param queue deliveries waiting at most; more drop the oldest
   * @param senders threads posting at once; a provider that hangs holds one per delivery
   * @param firstRetry the wait before the second try, doubled each time
   * @param deadline how long after its first try a delivery is given up
   * @param requestTimeout how long one try waits for an answer
   */
  record Limits(
      int queue, int senders, Duration firstRetry, Duration deadline, Duration requestTimeout) {
    static final Limits DEFAULT =
        new Limits(256, 4, Duration.ofSeconds(1), Duration.ofMinutes(2), Duration.ofSeconds(10));
  }

  private final Supplier<Providers> providers;
  private final Function<String, String> repositoryUrls;
  private final HttpClient http;
  private final MeterRegistry registry;
  private final Limits limits;
  private final ArrayDeque<Delivery> queue = new ArrayDeque<>();
  private final ExecutorService senders;
  private final ScheduledExecutorService retries;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
  private final AtomicInteger sending = new AtomicInteger();
  private final Map<String, Long> lastQueued = new ConcurrentHashMap<>();

  /**
   * @param repositoryUrls the URL of a GitSource ({@code namespace/name}), or null; called on a
   *     sender thread, never on the caller's
   */
  Dispatcher(
      Supplier<Providers> providers,
      Function<String, String> repositoryUrls,
      MeterRegistry registry,
      Limits limits) {
    this.providers = providers;
    this.repositoryUrls = repositoryUrls;
    this.registry = registry;
    this.limits = limits;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(limits.requestTimeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.senders = Executors.newFixedThreadPool(limits.senders(), daemon("strata-notify"));
    this.retries = Executors.newSingleThreadScheduledExecutor(daemon("strata-notify-retry"));
  }

  /** One notification on its way to one provider. */
  private record Delivery(
      Providers.Provider provider, Notification notification, long firstTry, int attempt) {
    Delivery next() {
      return new Delivery(provider, notification, firstTry, attempt + 1);
    }
  }

  @Override
  public void publish(Notification notification) {
    try {
      for (Providers.Provider provider : providers.get().all()) {
        if (provider.problem() != null || !provider.spec().selects(notification)) {
          continue;
        }
        if (repeated(provider, notification)) {
          continue;
        }
        if (!bucket(provider).tryAcquire()) {
          count(provider, "rate_limited");
          continue;
        }
        enqueue(new Delivery(provider, notification, System.nanoTime(), 1));
      }
    } catch (RuntimeException e) {
      // A notification must never fail what published it.
      log.warn("cannot queue notification {}: {}", notification.type(), e.toString());
    }
  }

  private boolean repeated(Providers.Provider provider, Notification notification) {
    String key =
        String.join(
            "\n",
            provider.spec().name(),
            notification.objectKey(),
            notification.type().name(),
            String.valueOf(notification.revision()),
            notification.message());
    long now = System.nanoTime();
    Long before = lastQueued.put(key, now);
    if (lastQueued.size() > 4096) {
      lastQueued.values().removeIf(at -> now - at > REPEAT_WINDOW.toNanos());
    }
    return before != null && now - before < REPEAT_WINDOW.toNanos();
  }

  private void enqueue(Delivery delivery) {
    Delivery dropped = null;
    synchronized (queue) {
      if (queue.size() >= limits.queue()) {
        dropped = queue.pollFirst();
      }
      queue.addLast(delivery);
    }
    if (dropped != null) {
      count(dropped.provider(), "dropped");
      log.warn(
          "notification queue full ({}); dropped the oldest, for provider {}",
          limits.queue(),
          dropped.provider().spec().name());
    }
    senders.execute(this::sendNext);
  }

  private void sendNext() {
    Delivery delivery;
    synchronized (queue) {
      delivery = queue.pollFirst();
    }
    if (delivery != null) {
      send(delivery);
    }
  }

  private void send(Delivery delivery) {
    Providers.Provider provider = delivery.provider();
    String name = provider.spec().name();
    HttpRequest request;
    try {
      String repository =
          provider.spec().type().commitStatus() && provider.spec().address() == null
              ? repositoryUrls.apply(delivery.notification().source())
              : null;
      var built = Requests.build(provider, delivery.notification(), repository);
      if (built.isEmpty()) {
        return;
      }
      request =
          HttpRequest.newBuilder(built.get(), (n, v) -> true)
              .timeout(limits.requestTimeout())
              .build();
    } catch (RuntimeException e) {
      count(provider, "failed");
      log.warn("notification provider {}: {}", name, scrub(e.getMessage(), provider));
      return;
    }
    String failure;
    boolean retry;
    sending.incrementAndGet();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      if (status / 100 == 2) {
        count(provider, "sent");
        log.debug(
            "notification provider {}: {} of {} sent ({})",
            name,
            delivery.notification().type().configName(),
            delivery.notification().objectKey(),
            status);
        return;
      }
      failure = "answered " + status;
      retry = status >= 500 || status == 429;
    } catch (IOException e) {
      failure = e.getClass().getSimpleName() + ": " + e.getMessage();
      retry = true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } finally {
      sending.decrementAndGet();
    }
    Duration wait = limits.firstRetry().multipliedBy(1L << Math.min(delivery.attempt() - 1, 16));
    long deadline = delivery.firstTry() + limits.deadline().toNanos();
    if (retry && System.nanoTime() + wait.toNanos() < deadline) {
      log.debug(
          "notification provider {}: try {} {}; again in {}s",
          name,
          delivery.attempt(),
          scrub(failure, provider),
          wait.toSeconds());
      retries.schedule(
          () -> senders.execute(() -> send(delivery.next())),
          wait.toMillis(),
          TimeUnit.MILLISECONDS);
      return;
    }
    count(provider, "failed");
    log.warn(
        "notification provider {}: gave up after {} tr{}: {}",
        name,
        delivery.attempt(),
        delivery.attempt() == 1 ? "y" : "ies",
        scrub(failure, provider));
  }

  /** Leaves the provider's secret out of a message (an exception may quote a webhook URL). */
  private static String scrub(String message, Providers.Provider provider) {
    if (message == null) {
      return "";
    }
    String secret = provider.secret();
    return secret == null || secret.isEmpty() ? message : message.replace(secret, "***");
  }

  private TokenBucket bucket(Providers.Provider provider) {
    var limit = provider.spec().rateLimit();
    // A changed limit gets a fresh bucket; an unchanged one keeps its tokens across reloads.
    return buckets.compute(
        provider.spec().name(),
        (name, old) ->
            old != null && old.limit().equals(limit)
                ? old
                : new TokenBucket(limit, System::nanoTime));
  }

  private void count(Providers.Provider provider, String outcome) {
    Counter.builder(METRIC)
        .description("Notifications by provider and how their delivery ended")
        .tag("provider", provider.spec().name())
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Deliveries waiting or being sent now, for tests. */
  int pending() {
    synchronized (queue) {
      return queue.size() + sending.get();
    }
  }

  @Override
  public void close() {
    retries.shutdownNow();
    senders.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    var counter = new AtomicInteger();
    return task -> {
      var thread = new Thread(task, name + "-" + counter.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
