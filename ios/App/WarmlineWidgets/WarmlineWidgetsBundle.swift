import SwiftUI
import WidgetKit

/// The widget extension: only the call's Live Activity.
@main
struct WarmlineWidgetsBundle: WidgetBundle {
    var body: some Widget {
        CallLiveActivity()
    }
}
