/** Tailwind CSS v4 through PostCSS; Next picks this file up for every stylesheet. */
export default {
  plugins: { '@tailwindcss/postcss': {} },
};
