package app.warmline.android.ui

import android.content.Intent
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.viewModels
import app.warmline.android.ui.theme.WarmlineTheme

/** The one activity: draws the screen the core and the rep's navigation point at. */
class MainActivity : ComponentActivity() {
    private val model: AppViewModel by viewModels { AppViewModel.Factory }

    override fun onCreate(savedInstanceState: Bundle?) {
        enableEdgeToEdge()
        super.onCreate(savedInstanceState)
        intent?.dataString?.let(model::openLink)
        setContent {
            WarmlineTheme {
                WarmlineRoot(model)
            }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        intent.dataString?.let(model::openLink)
    }

    override fun onStart() {
        super.onStart()
        model.refresh()
    }
}
