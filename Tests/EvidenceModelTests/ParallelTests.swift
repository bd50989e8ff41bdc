@testable import EvidenceModel
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
}
