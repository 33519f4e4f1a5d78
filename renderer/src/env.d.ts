// Lets TypeScript import single-file components; the preload's global is typed by the bridge contract.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
declare module '*.css';
