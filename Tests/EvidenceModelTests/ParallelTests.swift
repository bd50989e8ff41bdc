@testable import EvidenceModel
import Foundation
import Synchronization
import Testing

/// Work shared among the cores gives what the same work gives on one: every item once, in order.
struct ParallelTests {
  @Test func mapKeepsTheItemsOrderWhateverTheNumberOfItems() {
    for count in [0, 1, 2, 3, 255, 256, 1_001] {
      let items = Array(0..<count)
      #expect(Parallel.map(items) { $0 * 3 + 1 } == items.map { $0 * 3 + 1 }, "\(count) items")
    }
    // Below the threshold the work stays on one worker, with the same result.
    #expect(Parallel.map(Array(0..<10), threshold: 100) { -$0 } == (0..<10).map { -$0 })
  }

  @Test func runGivesEachWorkerItsShareInWorkerOrder() {
    let shares = Parallel.run(parallel: true) { worker, workers in
      Array(stride(from: worker, to: 100, by: workers))
    }
    #expect(shares.flatMap { $0 }.sorted() == Array(0..<100))
    #expect(shares.enumerated().allSatisfy { index, share in share.first == index || share.isEmpty })
  }

  @Test func orderedMakesAtMostTwoRangesPerWorkerAheadOfTheConsumer() throws {
    // The memory bound: a range is started only while fewer than two per worker wait for the
    // consumer (counting from the one it is taking, which it may not yet have told this test of).
    let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    let taken = Mutex(0)
    let furthest = Mutex(0)
    var consumed: [Int] = []
    try Parallel.ordered(count: 400, chunk: 2) { range in
      let index = range.lowerBound / 2
      furthest.withLock { $0 = max($0, index - taken.withLock { $0 }) }
      return index
    } consume: { index in
      taken.withLock { $0 = index + 1 }
      consumed.append(index)
      usleep(200)  // a slow writer, so that the workers run ahead as far as they may
    }
    #expect(consumed == Array(0..<200))
    #expect(furthest.withLock { $0 } <= 2 * workers, "a range was started \(furthest.withLock { $0 }) ahead")
  }

  struct Failure: Error, Equatable { let at: Int }

  @Test func orderedGivesEveryRangeInOrderWhateverTheCountAndChunk() throws {
    for (count, chunk) in [(0, 4), (1, 4), (4, 4), (5, 4), (1_001, 7), (1_000, 1_000), (3, 1)] {
      var seen: [Int] = []
      var ranges: [Range<Int>] = []
      try Parallel.ordered(count: count, chunk: chunk) { range in
        (range, range.map { $0 * 2 })
      } consume: { range, values in
        ranges.append(range)
        seen += values
      }
      #expect(seen == (0..<count).map { $0 * 2 }, "\(count) items in chunks of \(chunk)")
      #expect(ranges.allSatisfy { $0.count <= chunk && !$0.isEmpty })
      #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
    }
  }

  @Test func orderedStopsAtTheFirstErrorInRangeOrder() {
    // Ranges 3 and 5 fail; whichever core finishes first, range 3's error is the one thrown,
    // after ranges 0 to 2 are consumed and before anything later is.
    var consumed: [Int] = []
    #expect(throws: Failure(at: 30)) {
      try Parallel.ordered(count: 100, chunk: 10) { range in
        if range.lowerBound == 30 || range.lowerBound == 50 { throw Failure(at: range.lowerBound) }
        return range.lowerBound
      } consume: { consumed.append($0) }
    }
    #expect(consumed == [0, 10, 20])
    // An error of the consumer stops the work as well.
    var produced = 0
    #expect(throws: Failure(at: 20)) {
      try Parallel.ordered(count: 1_000, chunk: 10) { range in range.lowerBound } consume: { first in
        produced += 1
        if first == 20 { throw Failure(at: first) }
      }
    }
    #expect(produced == 3)
  }
}
