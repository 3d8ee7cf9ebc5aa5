import { Population } from '../src/directory/enums';
import { AGENCY } from './demo-data';
import { demoId } from './ids';

export const PATHWAY = {
  CHILD: demoId('pathway', 1), GBV: demoId('pathway', 2), TRAFFICKING: demoId('pathway', 3), MEDICAL: demoId('pathway', 4), RETURN: demoId('pathway', 5),
};

type Step = { title: string; category: string; required?: boolean; lead?: string; sopSeries?: string };
export interface DemoPathway { id: string; name: string; description: string; populations: Population[]; steps: Step[] }

// the GBV SOP of the Agadez women's association governs the safety step of the GBV pathway
const GBV_SOP_SERIES = demoId('sopSeries', 2);

export const pathways: DemoPathway[] = [
  {
    id: PATHWAY.CHILD, name: 'Unaccompanied or separated child', description: 'From identification to a durable solution in the best interests of the child.',
    populations: [Population.UNACCOMPANIED_OR_SEPARATED_CHILDREN],
    steps: [
      { title: 'Registration and screening', category: 'registration' },
      { title: 'Interim care and safe shelter', category: 'shelter' },
      { title: 'Child protection case management', category: 'protection.child' },
      { title: 'Health check', category: 'health.primary' },
      { title: 'Family tracing', category: 'family_tracing' },
      { title: 'Child-friendly space', category: 'education.child_friendly_space', required: false },
    ],
  },
  {
    id: PATHWAY.GBV, name: 'Survivor of gender-based violence', description: 'Survivor-centred: safety, care and consent before any referral.',
    populations: [Population.GBV_SURVIVORS],
    steps: [
      { title: 'Safety and safe shelter', category: 'shelter.safe_house', lead: AGENCY.AGADEZ_WOMEN, sopSeries: GBV_SOP_SERIES },
      { title: 'Post-violence health care', category: 'health' },
      { title: 'Psychosocial support', category: 'mhpss' },
      { title: 'GBV case management', category: 'protection.gbv' },
      { title: 'Legal aid', category: 'legal', required: false },
    ],
  },
  {
    id: PATHWAY.TRAFFICKING, name: 'Victim of trafficking', description: 'Protection, assistance and access to justice for victims of trafficking.',
    populations: [Population.VICTIMS_OF_TRAFFICKING],
    steps: [
      { title: 'Identification and registration', category: 'registration' },
      { title: 'Safe accommodation', category: 'shelter' },
      { title: 'Health care', category: 'health' },
      { title: 'Psychosocial support', category: 'mhpss' },
      { title: 'Legal aid', category: 'legal' },
      { title: 'Return and reintegration', category: 'avrr', required: false },
    ],
  },
  {
    id: PATHWAY.MEDICAL, name: 'Medical emergency', description: 'Urgent care for a migrant with a medical emergency.',
    populations: [Population.PEOPLE_WITH_MEDICAL_NEEDS],
    steps: [
      { title: 'Primary and emergency care', category: 'health.primary' },
      { title: 'Temporary shelter while recovering', category: 'shelter', required: false },
      { title: 'Psychosocial first aid', category: 'mhpss', required: false },
    ],
  },
  {
    id: PATHWAY.RETURN, name: 'Stranded migrant who wants to return home', description: 'Assisted voluntary return and reintegration.',
    populations: [Population.STRANDED_MIGRANTS],
    steps: [
      { title: 'Information and counselling', category: 'information' },
      { title: 'Travel documents', category: 'legal.documentation' },
      { title: 'Transit shelter', category: 'shelter.transit' },
      { title: 'Assisted voluntary return', category: 'avrr' },
      { title: 'Reintegration support', category: 'reintegration', required: false },
    ],
  },
];
