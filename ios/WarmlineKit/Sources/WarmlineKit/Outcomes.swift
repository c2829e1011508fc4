import Foundation
import WarmlineCore

extension Outcome {
    /// The outcome the rep picked on the outcome sheet; `callbackAt` (the sheet's time
    /// picker, which starts at the core's `callbackDefault`) goes with "not a good time".
    public init(_ kind: OutcomeKind, callbackAt: Date) {
        self = switch kind {
        case .noAnswer: .noAnswer
        case .voicemail: .voicemail
        case .badNumber: .badNumber
        case .notAGoodTime: .notAGoodTime(callbackAt: callbackAt)
        case .foundElsewhere: .foundElsewhere
        case .notAFit: .notAFit
        case .qualified: .qualified
        case .doNotCall: .doNotCall
        }
    }
}
