import ActivityKit
import Foundation
import WarmlineLiveCard

/// The call's Live Activity. Its whole content is the kit's `ActivityCard` (the current
/// script card, clipped to fit ActivityKit's 4 KB), delivered by local updates from the
/// app; nothing is pushed from a server.
struct CallActivityAttributes: ActivityAttributes {
    typealias ContentState = ActivityCard

    /// The call's session, fixed for the activity's life.
    let sessionId: String
}
