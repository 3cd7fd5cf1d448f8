// Retention for WooCommerce: the blocks in the editor, without a build step. Each block is
// rendered on the server for shoppers (block.json has no save markup), so the editor shows a
// placeholder with the block's settings in the sidebar. Labels come translated from PHP
// (window.retentionBlocksEditor).
(function (wp) {
  "use strict";
  if (!wp || !wp.blocks || !wp.element || !wp.blockEditor || !wp.components) return;
  const el = wp.element.createElement;
  const { InspectorControls, useBlockProps } = wp.blockEditor;
  const { PanelBody, Placeholder, SelectControl, TextControl, TextareaControl, ToggleControl } = wp.components;
  const t = window.retentionBlocksEditor || {};

  /** Sidebar fields per block: [attribute, label, kind]. */
  const FIELDS = {
    "retention/account": [
      ["heading", t.heading, "text"],
      ["incentive", t.incentive, "textarea"],
    ],
    "retention/nps": [
      ["question", t.question, "text"],
      ["showToGuests", t.showToGuests, "toggle"],
    ],
    "retention/referral": [
      ["heading", t.heading, "text"],
      ["text", t.text, "textarea"],
    ],
    "retention/launcher": [
      ["position", t.position, "position"],
      ["incentive", t.incentive, "text"],
    ],
  };

  function field(props, spec) {
    const [name, label, kind] = spec;
    const value = props.attributes[name];
    const onChange = (next) => props.setAttributes({ [name]: next });
    if (kind === "toggle") return el(ToggleControl, { key: name, label, checked: Boolean(value), onChange });
    if (kind === "textarea") return el(TextareaControl, { key: name, label, value: value || "", onChange });
    if (kind === "position")
      return el(SelectControl, {
        key: name,
        label,
        value: value || "right",
        options: [
          { value: "right", label: t.right },
          { value: "left", label: t.left },
        ],
        onChange,
      });
    return el(TextControl, { key: name, label, value: value || "", onChange });
  }

  Object.keys(FIELDS).forEach((name) => {
    // registerBlockType merges the server's block.json definition (title, icon, attributes).
    if (wp.blocks.getBlockType(name)) return;
    wp.blocks.registerBlockType(name, {
      edit(props) {
        const type = wp.blocks.getBlockType(name);
        return el(
          "div",
          useBlockProps(),
          el(
            InspectorControls,
            null,
            el(
              PanelBody,
              { title: type.title },
              FIELDS[name].map((spec) => field(props, spec)),
            ),
          ),
          el(Placeholder, { icon: type.icon && type.icon.src, label: type.title, instructions: t.preview }),
        );
      },
      save: () => null,
    });
  });
})(window.wp);
