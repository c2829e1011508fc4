import SwiftUI
import WarmlineCore

/// The script card: the lines to say, the tip, the questions, and the lead's own words
/// to repeat back.
struct CardView: View {
    let card: PromptCard
    let send: (CallIntent) -> Void

    var body: some View {
        VStack(alignment: .leading, spacing: 16) {
            Text(card.title).font(.headline).accessibilityAddTraits(.isHeader)
            ForEach(card.lines, id: \.self) { Text($0).font(.title3) }
            if let tip = card.tip {
                Label(tip, systemImage: "lightbulb").font(.callout).foregroundStyle(.secondary)
            }
            ForEach(card.questions, id: \.id) { question in
                QuestionField(question: question) { send(.answer(questionId: question.id, value: $0)) }
            }
            ForEach(card.repeatBack, id: \.text) { quote in
                Label("“\(quote.text)”", systemImage: "quote.bubble")
                    .accessibilityLabel("They said: \(quote.text)")
            }
        }
        .frame(maxWidth: .infinity, alignment: .leading)
    }
}

/// A question on the card: one button per option the core offers (a choice, or yes and
/// no), else a text field whose answer is sent on return.
struct QuestionField: View {
    let question: CardQuestion
    let answer: (String) -> Void
    @State private var text = ""

    var body: some View {
        VStack(alignment: .leading) {
            Text(question.prompt).font(.subheadline.bold())
            if question.options.isEmpty {
                TextField("Answer", text: $text)
                    .textFieldStyle(.roundedBorder)
                    .onAppear { text = question.answer ?? "" }
                    .onSubmit { answer(text) }
            } else {
                ViewThatFits {
                    HStack { optionButtons }
                    VStack(alignment: .leading) { optionButtons }
                }
            }
        }
    }

    private var optionButtons: some View {
        ForEach(question.options, id: \.self) { option in
            Button(option) { answer(option) }
                .buttonStyle(.bordered)
                .tint(question.answer == option ? .accentColor : .secondary)
                .frame(minHeight: 44)
                .accessibilityAddTraits(question.answer == option ? .isSelected : [])
        }
    }
}
