// Dialogs dim the console behind them (a backdrop that holds the dialog) and give focus back on close.
import { mount } from '@vue/test-utils';
import { describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import ModalDialog from '../../renderer/src/components/ModalDialog.vue';

describe('ModalDialog', () => {
  it('sits on a backdrop that closes it when clicked, and hands focus back when it goes', async () => {
    const opener = document.createElement('button');
    document.body.append(opener);
    opener.focus();
    const wrapper = mount(ModalDialog, {
      props: { title: 'Transfer', testid: 'dlg' },
      slots: { default: '<input data-testid="field" />' },
      attachTo: document.body,
    });
    await nextTick();
    await nextTick();
    const backdrop = wrapper.find('.backdrop');
    expect(backdrop.exists()).toBe(true);
    expect(backdrop.find('[role="dialog"][aria-modal="true"]').exists()).toBe(true);
    expect(document.activeElement).toBe(wrapper.find('[data-testid="field"]').element);
    // A click inside the dialog is not a click on the backdrop.
    await wrapper.find('[data-testid="field"]').trigger('click');
    expect(wrapper.emitted('close')).toBeUndefined();
    await backdrop.trigger('click');
    expect(wrapper.emitted('close')).toHaveLength(1);
    wrapper.unmount();
    expect(document.activeElement).toBe(opener);
    opener.remove();
  });
});
