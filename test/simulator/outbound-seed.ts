// Seed 002's own outbound examples (Autodialer, Autocall), verbatim: the request bodies ("Sample data") and
// the answers. The autodialer curl body has a trailing comma (not JSON); its "Sample data" twin is used.
export const OUTBOUND_SEED = {
  autodialerLoad: {
    campaign_id: 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeee',
    queue_code: 'Autodialer',
    precall_ratio: '150',
    max_recall_count: '2',
    queue_agents: '5001',
    customers: [{ id: 'TEL4VN_Test', mobiles: ['0899123456'] }],
  },
  autodialerOk: { message: 'successfully' },
  autodialerInvalidCampaign: { message: 'campaign is invalid' },
  autodialerNotFound: { message: 'queue not found' },
  autodialerQueue: { queue_code: 'Autodialer' },
  autocallLoad: {
    queue_code: 'Autocall-Q1',
    template: 'IVR-1',
    concurrent_call: 5,
    max_recall_count: 3,
    min_recall_duration: 3,
    customers: [
      {
        id: 'TEL4VN_Test',
        mobiles: ['0982596021'],
        contract_number: 'HD123456',
        upcoming_due_date: '2021-07-13',
        upcoming_amount: 5000000,
        due_date: '2021-07-13',
        dpd: 5,
        number_of_ovd_inst: 6,
        total_ovd_amount: 3211100,
      },
    ],
  },
  autocallOk: { code: 200, content: 'successfully', data: { fail: [] as string[], success: ['TEL4VN_Test'] } },
  autocallImportFail: { code: 400, content: 'import fail', data: { fail: [] as string[], success: [] as string[] } },
  autocallDnc: { queue_code: 'Autocall-Q1', customers: [{ id: 'KH_01' }, { id: 'KH_02' }, { id: 'KH_03' }] },
  autocallLifecycleOk: { code: 200, content: 'successfully' },
  autocallNotFound: { code: 404, content: 'queue not found' },
  autocallQueue: { queue_code: 'Autocall-Q1' },
};
