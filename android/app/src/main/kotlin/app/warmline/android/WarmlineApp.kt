package app.warmline.android

import android.app.Application
import android.content.Context

/** The process: opens the core once and connects the platform's signals to it ([AppGraph]). */
class WarmlineApp : Application() {
    lateinit var graph: AppGraph
        private set

    override fun onCreate() {
        super.onCreate()
        graph = AppGraph(this)
        graph.start()
    }
}

/** The app's one [AppGraph], from any context. */
val Context.graph: AppGraph
    get() = (applicationContext as WarmlineApp).graph
