/** The PDF menu of a quote, order or invoice: preview in a new tab or download, in Japanese or English. */
import { Button, Menu } from '@mantine/core'
import { IconChevronDown, IconDownload, IconExternalLink, IconFileTypePdf } from '@tabler/icons-react'
import { useTranslation } from 'react-i18next'
import { type PdfLanguage, pdfUrl } from './api.ts'

const LANGUAGES: PdfLanguage[] = ['ja', 'en']

export function PdfMenu({ documentId }: { documentId: string }) {
  const { t } = useTranslation('billing')
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <Button variant="default" leftSection={<IconFileTypePdf size={16} />} rightSection={<IconChevronDown size={14} />} data-testid="doc-pdf-menu">
          {t('pdf.menu')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('pdf.preview')}</Menu.Label>
        {LANGUAGES.map((lang) => (
          <Menu.Item key={`preview-${lang}`} component="a" href={pdfUrl(documentId, lang)} target="_blank" rel="noopener" leftSection={<IconExternalLink size={14} />} data-testid={`doc-pdf-preview-${lang}`}>
            {t(`pdf.language.${lang}`)}
          </Menu.Item>
        ))}
        <Menu.Divider />
        <Menu.Label>{t('pdf.download')}</Menu.Label>
        {LANGUAGES.map((lang) => (
          <Menu.Item key={`download-${lang}`} component="a" href={pdfUrl(documentId, lang, true)} download leftSection={<IconDownload size={14} />} data-testid={`doc-pdf-download-${lang}`}>
            {t(`pdf.language.${lang}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
