package dev.strata.notify;

/**
 * Takes notifications from reconcilers. Implementations must return at once: sending happens
 * elsewhere, and a slow or failing provider must never delay a reconcile.
 */
@FunctionalInterface
public interface Notifier {

  /** Drops everything: the default when no notifications are configured. */
  Notifier NONE = notification -> {};

  /** Queues {@code notification} for every provider that selects it; never blocks, never throws. */
  void publish(Notification notification);
}
