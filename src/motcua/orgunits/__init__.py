# SPDX-License-Identifier: EUPL-1.2
"""Organisation: province, communes, departments, service centres and their counters."""
