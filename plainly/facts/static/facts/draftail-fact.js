// Draftail's “Fact” control. The editor picks a fact in Wagtail's chooser; its figure goes into
// the text as one piece, which the page replaces with the fact's figure as it is then.
(function () {
  "use strict";

  const React = window.React;
  const { EditorState, Modifier } = window.DraftJS;
  const $ = window.jQuery;

  class FactSource extends React.Component {
    constructor(props) {
      super(props);
      this.onHidden = this.onHidden.bind(this);
      this.chosen = false;
    }

    componentDidMount() {
      const { entityType } = this.props;
      // Closing the chooser without picking a fact ends the control's turn.
      $(document.body).on("hidden.bs.modal", this.onHidden);
      window.ModalWorkflow({
        url: entityType.chooserUrls.factChooser,
        onload: window.CHOOSER_MODAL_ONLOAD_HANDLERS,
        responses: { chosen: (result) => this.onChosen(result) },
        onError: () => this.props.onClose(),
      });
    }

    componentWillUnmount() {
      $(document.body).off("hidden.bs.modal", this.onHidden);
    }

    onHidden() {
      if (!this.chosen) this.props.onClose();
    }

    onChosen(result) {
      this.chosen = true;
      const { editorState, entityType, onComplete, onClose } = this.props;
      const url = entityType.chooserUrls.factFigure.replace(/\/0\/$/, `/${result.id}/`);
      fetch(url, { credentials: "same-origin" })
        .then((response) => (response.ok ? response.json() : Promise.reject(response)))
        .then((figure) => {
          const content = editorState
            .getCurrentContent()
            .createEntity(entityType.type, "IMMUTABLE", { id: figure.id });
          const key = content.getLastCreatedEntityKey();
          const withFigure = Modifier.replaceText(
            content,
            editorState.getSelection(),
            figure.text,
            null,
            key,
          );
          onComplete(EditorState.push(editorState, withFigure, "insert-characters"));
        })
        .catch(() => onClose());
    }

    render() {
      return null;
    }
  }

  function Fact(props) {
    return React.createElement(
      "span",
      { className: "plainly-fact", title: "A fact: the page shows its figure as it is now" },
      props.children,
    );
  }

  window.draftail.registerPlugin(
    { type: "FACT", source: FactSource, decorator: Fact },
    "entityTypes",
  );
})();
