import Foundation

/// Work shared out among the cores, for every target of the package (the loader's reading, the
/// store's encoding, the comparator, the resolver).
package enum Parallel {
  /// Runs `body(worker, workers)` on one worker per core (at most 8), or on a single worker when
  /// `parallel` is false (small work is not worth the threads), and returns the workers' results
  /// in worker order. Each worker takes a fixed share of the items (every `workers`-th, or a
  /// contiguous range), so the combined result never depends on timing.
  package static func run<Result>(
    parallel: Bool, _ body: @Sendable (_ worker: Int, _ workers: Int) -> Result
  ) -> [Result] {
    let workers = parallel ? max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)) : 1
    let results = Results<Result>(count: workers)
    DispatchQueue.concurrentPerform(iterations: workers) { worker in
      results.set(worker, body(worker, workers))
    }
    return results.values
  }

  /// `transform` of every item, in the items' order, worked out on every core when there are at
  /// least `threshold` items (each worker takes every `workers`-th item).
  package static func map<Item: Sendable, Value>(
    _ items: [Item], threshold: Int = 2, _ transform: @Sendable (Item) -> Value
  ) -> [Value] {
    let parts = run(parallel: items.count >= threshold) { worker, workers in
      stride(from: worker, to: items.count, by: workers).map { transform(items[$0]) }
    }
    var values: [Value] = []
    values.reserveCapacity(items.count)
    for index in items.indices { values.append(parts[index % parts.count][index / parts.count]) }
    return values
  }

  /// The workers' results, one slot each.
  private final class Results<Value>: @unchecked Sendable {
    private var slots: [Value?]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: Value) {
      lock.lock()
      slots[index] = value
      lock.unlock()
    }

    var values: [Value] { slots.compactMap { $0 } }
  }
}
