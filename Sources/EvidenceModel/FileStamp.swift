/// What the file system says of a file, enough to tell without reading it that the file has not
/// changed since: its size, its modification and status-change times (nanoseconds since 1970),
/// its inode and its device. Writing a file changes its status-change time, which no tool can set
/// back, so equal stamps mean the same content (for stamps taken a moment after the last write:
/// see ``FileStamp/isSettled(before:)``).
public struct FileStamp: Hashable, Codable, Sendable {
  public var size: Int64
  public var modified: Int64
  public var changed: Int64
  public var inode: Int64
  public var device: Int64

  public init(size: Int64, modified: Int64, changed: Int64, inode: Int64, device: Int64) {
    self.size = size
    self.modified = modified
    self.changed = changed
    self.inode = inode
    self.device = device
  }

  /// How long before a moment a file must have last been changed for its stamp to be trusted at
  /// that moment: file times advance by the kernel's clock tick, so a write in the same tick as
  /// the reading could leave the stamp as it was (git's "racy clean" entries).
  public static let settlingNanoseconds: Int64 = 2_000_000_000

  /// Whether the file was last changed well before `moment` (nanoseconds since 1970).
  public func isSettled(before moment: Int64) -> Bool {
    max(modified, changed) < moment - Self.settlingNanoseconds
  }
}
