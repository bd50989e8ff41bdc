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
  /// this thread while the next ranges are made on every core.
  ///
  /// One worker per core (at most 8) takes the next range as soon as it is done with one, so no
  /// core waits for another's range; at most two ranges per worker are made ahead of `consume`,
  /// which bounds the memory. `produce` runs on other threads, several at once, and must only
  /// read what it captures; `consume` runs on this thread. The first error, in range order, stops
  /// the work: no range after a failed one is started, and the ranges under way are finished
  /// before the error is thrown.
  package static func ordered<Value>(
    count: Int, chunk: Int, produce: (Range<Int>) throws -> Value, consume: (Value) throws -> Void
  ) throws {
    guard count > 0 else { return }
    let chunk = max(1, chunk)
    let ranges = (count + chunk - 1) / chunk
    @Sendable func range(_ index: Int) -> Range<Int> { index * chunk..<min(count, (index + 1) * chunk) }
    let workers = min(ranges, max(1, min(8, ProcessInfo.processInfo.activeProcessorCount)))
    guard workers > 1 else {
      for index in 0..<ranges { try consume(produce(range(index))) }
      return
    }
    try withoutActuallyEscaping(produce) { produce in
      let make = Unchecked(produce)
      let pipeline = Pipeline<Value>(ranges: ranges, ahead: 2 * workers)
      let group = DispatchGroup()
      for _ in 0..<workers {
        DispatchQueue.global().async(group: group) {
          while let index = pipeline.claim() {
            pipeline.deliver(index, Result { try make.value(range(index)) })
          }
        }
      }
      // However this thread leaves (done, or an error of either side), the workers stop taking
      // ranges and are waited for, so none runs `produce` after this function returns.
      defer {
        pipeline.stop()
        group.wait()
      }
      for index in 0..<ranges { try consume(pipeline.take(index).get()) }
    }
  }

  /// The ranges of ``ordered(count:chunk:produce:consume:)``: which to make next, and what is
  /// made, waiting for `consume` to take it in order.
  private final class Pipeline<Value>: @unchecked Sendable {
    private let condition = NSCondition()
    private let ahead: Int
    private var made: [Int: Result<Value, any Error>] = [:]
    private var next = 0
    private var taken = 0
    /// No range from here on is started: one before it failed, or the consumer stopped.
    private var end: Int

    init(ranges: Int, ahead: Int) {
      self.ahead = ahead
      end = ranges
    }

    /// The next range to make, once fewer than `ahead` wait for the consumer; nil when there
    /// is none left to start.
    func claim() -> Int? {
      condition.lock()
      defer { condition.unlock() }
      while next < end, next >= taken + ahead { condition.wait() }
      guard next < end else { return nil }
      next += 1
      return next - 1
    }

    func deliver(_ index: Int, _ result: Result<Value, any Error>) {
      condition.lock()
      defer { condition.unlock() }
      if case .failure = result { end = min(end, index + 1) }
      made[index] = result
      condition.broadcast()
    }

    /// What range `index` gave, once it is made.
    func take(_ index: Int) -> Result<Value, any Error> {
      condition.lock()
      defer { condition.unlock() }
      while made[index] == nil { condition.wait() }
      taken = index + 1
      condition.broadcast()
      return made.removeValue(forKey: index)!
    }

    func stop() {
      condition.lock()
      defer { condition.unlock() }
      end = min(end, next)
      condition.broadcast()
    }
  }

  /// A value handed to another thread whose use there the caller has checked (read only).
  private struct Unchecked<Wrapped>: @unchecked Sendable {
    let value: Wrapped
    init(_ value: Wrapped) { self.value = value }
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
