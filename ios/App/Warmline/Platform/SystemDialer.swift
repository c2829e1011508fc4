import UIKit
import WarmlineKit

/// `Dialer` on UIKit: opens the `tel:` URL (iOS shows its "Call …?" confirmation).
struct SystemDialer: Dialer {
    func open(_ url: URL) async -> Bool {
        await UIApplication.shared.open(url)
    }
}
