import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The default 1 s for findBy/waitFor is too short for MUI forms on a loaded 2-core CI machine.
configure({ asyncUtilTimeout: 3000 });
