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

  /// Gives `consume`, in order, what `produce` makes of consecutive ranges of `0..<count` (each at
  /// most `chunk` long): a writer that must take its pieces in order (a workbook, a file) runs on
  /// this thread while the next ranges are made on every core, as many at once as there are
  /// cores.
  ///
  /// `produce` runs on other threads, several at once, and must only read what it captures;
  /// `consume` runs on this thread. The first error, in range order, stops the work (the ranges
  /// under way are finished first).
  package static func ordered<Value>(
    count: Int, chunk: Int, produce: (Range<Int>) throws -> Value, consume: (Value) throws -> Void
  ) throws {
    guard count > 0 else { return }
    try withoutActuallyEscaping(produce) { produce in
      let make = Unchecked(produce)
      // One round: a range per core from `first`, each value or its error.
      let round = Unchecked { (first: Int) -> [Unchecked<Result<Value, any Error>>] in
        run(parallel: count - first > chunk) { worker, _ -> Unchecked<Result<Value, any Error>>? in
          let lower = first + worker * chunk
          guard lower < count else { return nil }
          return Unchecked(Result { try make.value(lower..<min(count, lower + chunk)) })
        }.compactMap { $0 }
      }
      var start = 0
      var current = round.value(start)
      while !current.isEmpty {
        let next = start + current.count * chunk
        let box = Box<[Unchecked<Result<Value, any Error>>]>()
        let group = DispatchGroup()
        if next < count {
          DispatchQueue.global().async(group: group) { box.value = round.value(next) }
        }
        defer { group.wait() }
        for part in current { try consume(part.value.get()) }
        group.wait()
        current = box.value ?? []
        start = next
      }
    }
  }

  /// A value handed to another thread whose use there the caller has checked (read only).
  private struct Unchecked<Wrapped>: @unchecked Sendable {
    let value: Wrapped
    init(_ value: Wrapped) { self.value = value }
  }

  /// A slot one thread fills and another reads after waiting for it.
  private final class Box<Value>: @unchecked Sendable {
    var value: Value?
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
