// Choosing an image with no alt text in the library, Wagtail copies the image's title into
// the block's alt text. That title was made from the file name, which describes nothing to a
// reader who cannot see the image: leave the alt text empty and ask for it instead.
(() => {
  let AltTextImageBlock;

  // Wagtail's image block script may load after this one: the class is made on first use.
  const defined = () => {
    if (AltTextImageBlock) return AltTextImageBlock;
    const ImageBlock = window.telepath.constructors["wagtail.images.blocks.ImageBlock"];
    AltTextImageBlock = class extends ImageBlock {
      render(placeholder, prefix, initialState, initialError) {
        const block = super.render(placeholder, prefix, initialState, initialError);
        const altText = document.getElementById(`${prefix}-alt_text`);
        block.childBlocks.image.widget.addEventListener("chosen", ({ detail }) => {
          // Wagtail's default alt text is the image's description, or failing that its title.
          const fromTitle = detail.default_alt_text === detail.title;
          if (fromTitle && altText.value === detail.title) {
            altText.value = "";
          }
          altText.placeholder = fromTitle
            ? "This image has no alt text in the library: describe what it shows"
            : "";
        });
        return block;
      }
    };
    return AltTextImageBlock;
  };

  window.telepath.register(
    "plainly.questions.blocks.AltTextImageBlock",
    function AltTextImageBlockDefinition(...args) {
      const Definition = defined();
      return new Definition(...args);
    },
  );
})();
